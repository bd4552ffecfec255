import type { Deps } from '../deps.ts';

/** Hono environment: handlers read dependencies and request facts from `c.var`. */
export type AppEnv = {
  Variables: {
    deps: Deps;
    requestId: string;
    /** performance.now() at the start of the request. */
    startedAt: number;
    /** The OpenAPI document of this app's routes, built on first use. */
    openapi: () => Record<string, unknown>;
  };
};
