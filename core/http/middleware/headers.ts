import type { Context } from 'hono';
import type { AppEnv } from '../types.ts';

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
 * Adds the base headers to an answer built without them (static files, streams, a route's own
 * Response). Headers the answer set itself win.
 */
export function addBaseHeaders(c: Context<AppEnv>, headers: Record<string, string>): void {
  const own = c.res.headers;
  const missing = Object.keys(headers).filter((name) => !own.has(name));
  try {
    // In place: `c.header` on a finished answer copies the whole response for every header.
    for (const name of missing) own.set(name, headers[name]!);
  } catch {
    // Immutable headers (a Response from fetch): Hono copies the response once per header.
    for (const name of missing) c.header(name, headers[name]);
  }
}
