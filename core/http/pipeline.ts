/**
 * What every request passes through, before and after its route: its facts on the context
 * (services, request id, start time), the request checks (Host, same origin), the shutdown drain
 * (mutations refused while draining, every request counted), then after the route the headers
 * every answer carries and the log line.
 *
 * `wrap` makes one Hono handler of these steps and a route's own function: a request matching
 * exactly one handler is answered without Hono's middleware chain (no promise, closure or context
 * copy per layer), synchronously when the route answers synchronously.
 */
import type { Context } from 'hono';
import { AppError } from '../platform/errors/app-error.ts';
import type { Logger } from '../platform/log.ts';
import { onError } from './errors.ts';
import { baseHeaders, isComplete, withHeaders } from './middleware/headers.ts';
import { requestIds } from './middleware/request-context.ts';
import type { RequestCheck } from './middleware/request-checks.ts';
import type { Services } from './services.ts';
import type { AppEnv, RouteStep } from './types.ts';

const SAFE_ID = /^[\w.:-]{1,64}$/;
const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RETRY_AFTER_S = '5';

/**
 * Which requests get a log line: at `info` a failed (4xx as info, 5xx as warn) or slow one
 * (`logSlowRequestMs`, warn); at `debug` every one. A line per ordinary request would cost more
 * than answering it and bury what matters. The path is logged without its query string, which may
 * carry tokens.
 */
function logRequest(c: Context<AppEnv>, log: Logger, slowMs: number, status: number, ms: number): void {
  const level = status >= 500 || ms >= slowMs ? 'warn' : status >= 400 ? 'info' : 'debug';
  if (!log.enabled(level)) return;
  log[level]('request', {
    request_id: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    status,
    ms: Math.round(ms * 100) / 100,
  });
}

/**
 * While the process drains for shutdown, mutations are refused with 503 and `Retry-After` (the
 * service will be back after a restart); reads still answer so health stays visible. Answers sent
 * while draining carry `Connection: close`, so kept-alive sockets do not hold the server open.
 */
function refuseWhileDraining(c: Context<AppEnv>, draining: boolean): void {
  if (!draining || !MUTATIONS.has(c.req.method)) return;
  throw new AppError('SERVICE_UNAVAILABLE', {
    message: 'Marquee is shutting down; try again in a few seconds',
    headers: { 'Retry-After': RETRY_AFTER_S, Connection: 'close' },
  });
}

export interface PipelineOptions {
  services: Services;
  openapi: AppEnv['Variables']['openapi'];
  slowMs: number;
  checks: RequestCheck[];
}

export function createPipeline(opts: PipelineOptions) {
  const { services, openapi, slowMs, checks } = opts;
  const { lifecycle, log } = services;
  const nextId = requestIds();

  /** The request's facts on `c`, then the checks; throws the refusal. Counted in flight when it returns. */
  function begin(c: Context<AppEnv>): void {
    c.set('startedAt', performance.now());
    c.set('services', services);
    c.set('openapi', openapi);
    const incoming = c.req.header('x-request-id');
    c.set('requestId', incoming !== undefined && SAFE_ID.test(incoming) ? incoming : nextId());
    for (let i = 0; i < checks.length; i++) checks[i]!(c);
    refuseWhileDraining(c, lifecycle.draining);
    lifecycle.arrive();
  }

  /** The answer as it leaves: base headers if the route built it without them, the log line. */
  function finish(c: Context<AppEnv>, res: Response): Response {
    if (!isComplete(res)) res = withHeaders(res, baseHeaders(c.req.path, c.get('requestId') ?? '-'));
    if (lifecycle.draining) res = withHeaders(res, { Connection: 'close' }, true);
    logRequest(c, log, slowMs, res.status, performance.now() - c.get('startedAt'));
    return res;
  }

  const failed = (c: Context<AppEnv>, e: unknown) => onError(e as Error, c);

  /** One Hono handler: the steps around `step`, which gets no `next`. */
  function wrap(step: RouteStep): (c: Context<AppEnv>) => Response | Promise<Response> {
    return (c) => {
      let res: Response | Promise<Response>;
      try {
        begin(c);
      } catch (e) {
        return finish(c, failed(c, e));
      }
      try {
        res = step(c);
      } catch (e) {
        res = failed(c, e);
      }
      if (!(res instanceof Promise)) {
        lifecycle.depart();
        return finish(c, res);
      }
      return res.then(
        (r) => (lifecycle.depart(), finish(c, r)),
        (e: unknown) => (lifecycle.depart(), finish(c, failed(c, e))),
      );
    };
  }

  return { wrap };
}

export type Pipeline = ReturnType<typeof createPipeline>;
