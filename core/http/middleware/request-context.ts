import type { Context, MiddlewareHandler } from 'hono';
import { randomBytes } from 'node:crypto';
import type { Logger } from '../../platform/log.ts';
import type { Services } from '../services.ts';
import type { AppEnv } from '../types.ts';
import { addBaseHeaders, baseHeaders, isComplete } from './headers.ts';

const SAFE_ID = /^[\w.:-]{1,64}$/;

/**
 * Request ids: a prefix drawn once per process and a counter, unique within the process and
 * across restarts without drawing random bytes per request.
 */
export function requestIds(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}

/**
 * Which requests get a log line: at `info` a failed (4xx as info, 5xx as warn) or slow one
 * (`logSlowRequestMs`, warn); at `debug` every one. A line per ordinary request would cost more
 * than answering it and bury what matters.
 */
function logRequest(c: Context<AppEnv>, log: Logger, slowMs: number, id: string, ms: number): void {
  const status = c.res.status;
  const level = status >= 500 || ms >= slowMs ? 'warn' : status >= 400 ? 'info' : 'debug';
  if (!log.enabled(level)) return;
  log[level]('request', {
    request_id: id,
    method: c.req.method,
    path: c.req.path,
    status,
    ms: Math.round(ms * 100) / 100,
  });
}

/**
 * What every request gets, in one middleware: the composed services and the OpenAPI document for
 * handlers (`c.var`), the request id (the caller's `X-Request-Id` when it is safe to echo, else a
 * new one), the start time, the headers every answer carries (the envelope builds its answers with
 * them; any other answer gets them added here) and the log line. The line has the path without its
 * query string, which may carry tokens.
 */
export function requestContext(opts: {
  services: Services;
  openapi: AppEnv['Variables']['openapi'];
  slowMs: number;
}): MiddlewareHandler<AppEnv> {
  const nextId = requestIds();
  const { services, openapi, slowMs } = opts;
  return async (c, next) => {
    const startedAt = performance.now();
    c.set('services', services);
    c.set('openapi', openapi);
    const incoming = c.req.header('x-request-id');
    const id = incoming && SAFE_ID.test(incoming) ? incoming : nextId();
    c.set('requestId', id);
    c.set('startedAt', startedAt);
    try {
      await next();
    } finally {
      if (!isComplete(c.res)) addBaseHeaders(c, baseHeaders(c.req.path, id));
      logRequest(c, services.log, slowMs, id, performance.now() - startedAt);
    }
  };
}
