/** Validators for answers served from a cached body: a weak ETag and the `If-None-Match` check. */

/** FNV-1a over the UTF-16 units of `text`: a few hundred characters cost well under a microsecond. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * `W/"<tag>"`, or `W/"<tag>-<hash of extra>"` when what the answer shows also depends on `extra`
 * (metadata computed per request, such as a store's freshness). `tag` is the body's content hash
 * (`contentTag`), computed once per cached body.
 */
export const weakEtag = (tag: string, extra?: string) =>
  extra === undefined ? `W/"${tag}"` : `W/"${tag}-${fnv1a(extra).toString(36)}"`;

/** Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 asks for GET). */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === opaque);
}
