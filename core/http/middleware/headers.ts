import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';

/**
 * Security headers on every response, and no caching of API answers: they describe live state
 * (what is installed, what is on screen), and a stale copy would mislead.
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'SAMEORIGIN');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  };
}
