import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';
import { AppError } from '../platform/errors/app-error.ts';
import { notFound, onError } from './errors.ts';
import type { RouteTable, LoadedMiddleware, LoadedRoute } from './file-routes.ts';
import { readBody, readQuery, validatePart, validatePartSync } from './input.ts';
import { deviceNames } from '../platform/net/device-names.ts';
import { allowedHost } from './middleware/allowed-host.ts';
import { bodyLimit } from './middleware/body-limit.ts';
import { withCredential } from './middleware/auth.ts';
import { sameOrigin } from './middleware/same-origin.ts';
import { buildOpenApi } from './openapi.ts';
import { createPipeline } from './pipeline.ts';
import { withInstalledId } from './plugin-names.ts';
import type { RouteDef } from './route.ts';
import { registrations } from './router-paths.ts';
import type { Services } from './services.ts';
import type { AppEnv, RouteStep } from './types.ts';

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const isSync = (s: RouteDef['params']) => !s || !s.async;

/** The validated input, a plugin named by LEDMatrix's `ledmatrix-<id>` resolved to the installed id. */
function named(c: Context<AppEnv>, def: RouteDef, params: unknown, query: unknown, body: unknown) {
  return {
    params: def.pluginParam ? withInstalledId(c, params, def.pluginParam) : params,
    query: withInstalledId(c, query),
    body: withInstalledId(c, body),
  };
}

/** The route's handler with its declared input validated; without a promise when nothing async is declared. */
function stepFor(route: LoadedRoute, def: RouteDef): RouteStep {
  const hasParams = route.path.includes('/:');
  const params = (c: Context<AppEnv>) => (hasParams ? c.req.param() : NO_PARAMS);
  if (!def.body && isSync(def.params) && isSync(def.query)) {
    return (c) =>
      def.handler(
        c,
        named(
          c,
          def,
          def.params ? validatePartSync('params', def.params as never, params(c)) : params(c),
          def.query ? validatePartSync('query', def.query as never, readQuery(c)) : {},
          undefined,
        ) as never,
      );
  }
  return async (c) => {
    const p = def.params ? await validatePart('params', def.params, params(c)) : params(c);
    const query = def.query ? await validatePart('query', def.query, readQuery(c)) : {};
    const body = def.body ? await validatePart('body', def.body, await readBody(c, def)) : undefined;
    return def.handler(c, named(c, def, p, query, body) as never);
  };
}

/** Hono middleware in front of `step`, outermost first; a middleware may answer itself. */
function chain(middleware: MiddlewareHandler<AppEnv>[], step: RouteStep): RouteStep {
  if (!middleware.length) return step;
  return async (c) => {
    const run = async (i: number): Promise<void> => {
      if (i === middleware.length) {
        c.res = await step(c);
        return;
      }
      const answered = await middleware[i]!(c, () => run(i + 1));
      if (answered) c.res = answered;
    };
    await run(0);
    return c.res;
  };
}

function allowHeader(route: LoadedRoute): string {
  const methods = Object.keys(route.methods);
  if (route.methods.GET) methods.push('HEAD');
  return [...methods, 'OPTIONS'].join(', ');
}

const notAllowed = (allow: string) => () => {
  throw new AppError('METHOD_NOT_ALLOWED', { headers: { Allow: allow }, context: { allowed: allow.split(', ') } });
};

function tooLarge(limit: number) {
  return () => {
    throw new AppError('PAYLOAD_TOO_LARGE', {
      message: `Request body is larger than ${limit} bytes`,
      context: { limit_bytes: limit },
    });
  };
}

/** Whether a folder's middleware (`/a`, `/a/:id`, `/`) applies to `path`. */
function under(mw: LoadedMiddleware, path: string): boolean {
  if (mw.path === '/') return true;
  const folder = mw.path.split('/');
  const segments = path.split('/');
  return folder.length <= segments.length && folder.every((s, i) => s === segments[i] || s.startsWith(':'));
}

/** Each method of `route` as one step: folder middleware, credential, body limit, handler. */
function routeSteps(services: Services, table: RouteTable, route: LoadedRoute): Map<string, RouteStep> {
  const folder = table.middleware.filter((mw) => under(mw, route.path)).map((mw) => mw.handler);
  const steps = new Map<string, RouteStep>();
  for (const [method, def] of Object.entries(route.methods) as [string, RouteDef][]) {
    const limit = def.maxBodyBytes ?? services.settings.limits.bodyBytes;
    // A GET has no body to limit; checking for one would build the full Request object per call.
    const limits = method === 'GET' ? [] : [bodyLimit({ maxSize: limit, onError: tooLarge(limit) })];
    const guarded = (s: RouteStep) => (services.auth.required && !def.public ? withCredential(s) : s);
    // The credential is checked before the body is read; public routes and MARQUEE_AUTH=off skip it.
    steps.set(method, chain(folder, guarded(chain(limits, stepFor(route, def)))));
  }
  const allow = allowHeader(route);
  steps.set('OPTIONS', (c) => c.body(null, 204, { Allow: allow }));
  return steps;
}

type Steps = Map<string, RouteStep>;

/** The routes registered under one pattern: its own, and literal ones moved under its parameter (router-paths.ts). */
interface Group {
  own?: Steps;
  param?: string;
  byValue: Map<string, Steps>;
}

function groupRoutes(table: RouteTable, stepsOf: (route: LoadedRoute) => Steps): Map<string, Group> {
  const groups = new Map<string, Group>();
  const shapes = registrations(table.routes.map((r) => r.path));
  for (const route of table.routes) {
    const { path, literal } = shapes.get(route.path)!;
    const group: Group = groups.get(path) ?? { byValue: new Map() };
    groups.set(path, group);
    if (!literal) group.own = stepsOf(route);
    else {
      group.param = literal.param;
      group.byValue.set(literal.value, stepsOf(route));
    }
  }
  return groups;
}

/** One method of a group: its own route's, or the literal route's its parameter names. */
function groupStep(group: Group, method: string, missing: RouteStep): RouteStep {
  const own = group.own?.get(method);
  const param = group.param;
  if (param === undefined) return own!;
  return (c) => {
    const steps = group.byValue.get(c.req.param(param) ?? '');
    const chosen = steps ? steps.get(method) : own;
    return chosen ? chosen(c) : missing(c);
  };
}

const methodsOf = (g: Group) =>
  new Set([...(g.own?.keys() ?? []), ...[...g.byValue.values()].flatMap((s) => [...s.keys()])]);

/**
 * Builds the HTTP application from the composed services and the route table. Each method of each
 * route is one Hono handler (pipeline.ts): request context, Host (421), same origin for changes
 * (403), shutdown drain, then folder middleware (`_middleware.ts`, outermost folder first), then
 * the route: its credential check (unless public or `MARQUEE_AUTH=off`), its body limit, its
 * handler. A path without a handler for the method is answered 405 by the not-found handler, which
 * passes the same checks.
 */
export function createApp(services: Services, table: RouteTable): Hono<AppEnv> {
  const app = new Hono<AppEnv>({ router: new RegExpRouter() });
  let doc: Record<string, unknown> | undefined;
  const openapi = () => (doc ??= buildOpenApi(table, services.version));
  const names = deviceNames({
    extra: services.settings.allowedHosts,
    listenHost: services.settings.host,
    clock: services.clock,
  });
  const pipeline = createPipeline({
    services,
    openapi,
    slowMs: services.settings.logSlowRequestMs,
    checks: [allowedHost(names), sameOrigin()],
  });
  // Which methods each path answers, for the 405 of any other method (a miss is rare: a trie is enough).
  const allowed = new TrieRouter<string>();
  for (const route of table.routes) allowed.add('ALL', route.path, allowHeader(route));
  const missing: RouteStep = (c) => {
    const hit = allowed.match('ALL', c.req.path)[0][0];
    return hit ? notAllowed(hit[0])() : notFound(c);
  };
  for (const [path, group] of groupRoutes(table, (route) => routeSteps(services, table, route))) {
    for (const method of methodsOf(group)) app.on(method, path, pipeline.wrap(groupStep(group, method, missing)));
  }
  app.notFound(pipeline.wrap(missing));
  app.onError(onError);
  return app;
}
