import type { Credential } from '../auth/service.ts';
import type { Context } from 'hono';
import type { Services } from './services.ts';

/** Hono environment: handlers read the composed services and request facts from `c.var`. */
export type AppEnv = {
  Variables: {
    services: Services;
    requestId: string;
    /** performance.now() at the start of the request. */
    startedAt: number;
    /** The OpenAPI document of this app's routes, built on first use. */
    openapi: () => Record<string, unknown>;
    /** Who sent the request, once known (set by the credential check, or by `credentialOf`). */
    credential: Credential | null;
  };
};

/** A route's own work as one function of the request, without Hono's `next` (see pipeline.ts). */
export type RouteStep = (c: Context<AppEnv>) => Response | Promise<Response>;
