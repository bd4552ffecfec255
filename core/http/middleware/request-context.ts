import type { MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';
import type { AppEnv } from '../types.ts';

const SAFE_ID = /^[\w.:-]{1,64}$/;

/**
 * Request id (the caller's `X-Request-Id` when it is safe to echo, else a new one), start time,
 * and one structured log line per request. The line has the path without its query string,
 * which may carry tokens.
 */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
    c.set('requestId', id);
    c.set('startedAt', performance.now());
    try {
      await next();
    } finally {
      c.header('X-Request-Id', id);
      c.var.services.log.info('request', {
        request_id: id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - c.var.startedAt) * 100) / 100,
      });
    }
  };
}
