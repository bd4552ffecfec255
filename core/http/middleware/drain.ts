import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppEnv } from '../types.ts';

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * While the process drains for shutdown, mutations are refused with 503 and `Retry-After` (the
 * service will be back after a restart); reads still answer so health stays visible. Every
 * request is counted so shutdown can wait for those in flight.
 *
 * Responses sent while draining carry `Connection: close`: shutdown closes the server gracefully,
 * waiting for each connection to end, and a kept-alive socket would otherwise hold it open.
 */
export function drainGate(retryAfterSeconds = 5): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { lifecycle } = c.get('services');
    if (lifecycle.draining && MUTATIONS.has(c.req.method)) {
      throw new AppError('SERVICE_UNAVAILABLE', {
        message: 'Marquee is shutting down; try again in a few seconds',
        headers: { 'Retry-After': String(retryAfterSeconds), Connection: 'close' },
      });
    }
    const leave = lifecycle.enter();
    try {
      await next();
    } finally {
      leave();
      if (lifecycle.draining) c.header('Connection', 'close');
    }
  };
}
