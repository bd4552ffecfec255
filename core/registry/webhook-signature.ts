import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'mismatch';

/** `sha256=<hex>` of the raw body with the shared secret, as GitHub sends in `X-Hub-Signature-256`. */
export function signBody(secret: string, raw: Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/**
 * Checks GitHub's `X-Hub-Signature-256` against the raw bytes, before anything parses them. The
 * comparison is constant-time over two 32-byte digests, so timing reveals nothing about the secret.
 */
export function checkSignature(secret: string, raw: Uint8Array, header: string | undefined): SignatureCheck {
  if (!header) return 'missing';
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return 'malformed';
  const expected = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1]!, 'hex')) ? 'ok' : 'mismatch';
}
