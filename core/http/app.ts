import { Hono, type Handler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../platform/errors/app-error.ts';
import { onError, notFound } from './errors.ts';
import type { RouteTable, LoadedRoute } from './file-routes.ts';
import { readBody, readQuery, validatePart } from './input.ts';
import { deviceNames } from '../platform/net/device-names.ts';
import { allowedHost } from './middleware/allowed-host.ts';
import { requireCredential } from './middleware/auth.ts';
import { drainGate } from './middleware/drain.ts';
import { requestChecks } from './middleware/request-checks.ts';
import { sameOrigin } from './middleware/same-origin.ts';
import { requestContext } from './middleware/request-context.ts';
import { buildOpenApi } from './openapi.ts';
import { withInstalledId } from './plugin-names.ts';
import type { RouteDef } from './route.ts';
import type { Services } from './services.ts';
import type { AppEnv } from './types.ts';

function handlerFor(route: RouteDef): Handler<AppEnv> {
  // Parts a route does not declare are not parsed at all: most GETs have no query or body.
  return async (c) => {
    const params = route.params ? await validatePart('params', route.params, c.req.param()) : c.req.param();
    const query = route.query ? await validatePart('query', route.query, readQuery(c)) : {};
    const body = route.body ? await validatePart('body', route.body, await readBody(c, route)) : undefined;
    const named = {
      params: route.pluginParam ? withInstalledId(c, params, route.pluginParam) : params,
      query: withInstalledId(c, query),
      body: withInstalledId(c, body),
    };
    return route.handler(c, named as never);
  };
}

function allowHeader(route: LoadedRoute): string {
  const methods = Object.keys(route.methods);
  if (route.methods.GET) methods.push('HEAD');
  return [...methods, 'OPTIONS'].join(', ');
}

function tooLarge(limit: number) {
  return () => {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      message: `Request body is larger than ${limit} bytes`,
      context: { limit_bytes: limit },
    });
  };
}

/**
 * Builds the HTTP application from the composed services and the route table. Middleware order:
 * request context (services, request id, base headers, log line), Host (421), same origin for
 * changes (403), shutdown drain, then folder middleware (`_middleware.ts`, outermost folder first),
 * then the route: its credential check (unless public or `MARQUEE_AUTH=off`), its body limit, its
 * handler.
 */
export function createApp(services: Services, table: RouteTable): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let doc: Record<string, unknown> | undefined;
  const openapi = () => (doc ??= buildOpenApi(table, services.version));
  app.use('*', requestContext({ services, openapi, slowMs: services.settings.logSlowRequestMs }));
  const names = deviceNames({
    extra: services.settings.allowedHosts,
    listenHost: services.settings.host,
    clock: services.clock,
  });
  app.use('*', requestChecks(allowedHost(names), sameOrigin()));
  app.use('*', drainGate());
  for (const mw of table.middleware) {
    // Hono's `/a/*` also matches `/a` itself, so one registration covers the folder.
    app.use(mw.path === '/' ? '*' : `${mw.path}/*`, mw.handler);
  }
  const guard = requireCredential();
  for (const route of table.routes) {
    for (const [method, def] of Object.entries(route.methods) as [string, RouteDef][]) {
      const limit = def.maxBodyBytes ?? services.settings.limits.bodyBytes;
      // The credential is checked before the body is read; public routes and MARQUEE_AUTH=off skip it.
      const checks = services.auth.required && !def.public ? [guard] : [];
      // A GET has no body to limit; checking for one would build the full Request object per call.
      const limits = method === 'GET' ? [] : [bodyLimit({ maxSize: limit, onError: tooLarge(limit) })];
      app.on(method, route.path, ...([...checks, ...limits, handlerFor(def)] as [Handler<AppEnv>]));
    }
    const allow = allowHeader(route);
    app.options(route.path, (c) => c.body(null, 204, { Allow: allow }));
    app.all(route.path, () => {
      throw new AppError('METHOD_NOT_ALLOWED', { headers: { Allow: allow }, context: { allowed: allow.split(', ') } });
    });
  }
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
