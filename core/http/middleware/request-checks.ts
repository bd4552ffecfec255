import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../types.ts';

/** A check of a request before anything runs: it throws the AppError the request is refused with. */
export type RequestCheck = (c: Context<AppEnv>) => void;

/**
 * The request checks (Host, same origin) as one middleware that runs them in turn, not one each:
 * every middleware layer costs a promise and a closure per request, a check a function call.
 */
export function requestChecks(...checks: RequestCheck[]): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    for (const check of checks) check(c);
    return next();
  };
}
