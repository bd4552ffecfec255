import crypto from 'node:crypto';

/**
 * A short hash naming a content (for validators such as ETags): equal contents, equal tags, and a
 * tag handed out before a restart never names a different content after it, as a counter would.
 */
export function contentTag(...parts: Array<string | Uint8Array>): string {
  const h = crypto.createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest('base64url').slice(0, 22);
}
