/**
 * The headers every answer to `path` carries: security headers, the request id, and for the API
 * `Cache-Control: no-store` (answers describe live state, what is installed or on screen, and a
 * stale copy would mislead; a route may say otherwise). A fresh plain object per answer, built
 * from a literal: the node adapter writes a plain object as it is, a `Headers` object it copies
 * entry by entry.
 */
export function baseHeaders(path: string, requestId: string): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'SAMEORIGIN',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'X-Request-Id': requestId,
  };
  if (path.startsWith('/api/')) headers['Cache-Control'] = 'no-store';
  return headers;
}

/** Set on a response built with `baseHeaders` already in it (the envelope's). */
export const HAS_BASE_HEADERS: unique symbol = Symbol('has base headers');

export function markComplete<R extends Response>(res: R): R {
  (res as R & { [HAS_BASE_HEADERS]?: true })[HAS_BASE_HEADERS] = true;
  return res;
}

export const isComplete = (res: Response) => (res as { [HAS_BASE_HEADERS]?: true })[HAS_BASE_HEADERS] === true;

/**
 * `res` with `headers` added: those the answer set itself win unless `override`. In place when its
 * headers can change; a Response from fetch has immutable ones, and is copied once.
 */
export function withHeaders(res: Response, headers: Record<string, string>, override = false): Response {
  const own = res.headers;
  const names = Object.keys(headers).filter((name) => override || !own.has(name));
  try {
    for (const name of names) own.set(name, headers[name]!);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const name of names) copy.headers.set(name, headers[name]!);
    return copy;
  }
}
