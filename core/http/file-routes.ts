import type { MiddlewareHandler } from 'hono';
import { routeModules } from './route-modules.ts';
import { HTTP_METHODS, type HttpMethod, type RouteDef } from './route.ts';
import type { AppEnv } from './types.ts';

export type FileRoute =
  { kind: 'route'; path: string; params: string[] } | { kind: 'middleware'; path: string } | { kind: 'ignored' };

const SOURCE = /\.(ts|js|mts|mjs)$/;

/**
 * The path→route rule. `a/b.ts` → `/a/b`; `a/index.ts` → `/a`; `[id]` → `:id`; `_middleware.ts`
 * applies to its folder (`/a/*`); other `_` files, tests and type files are not routes.
 */
export function routeFromFile(relPath: string): FileRoute {
  const parts = relPath.split(/[\\/]/).filter(Boolean);
  const file = parts.pop();
  if (!file || !SOURCE.test(file) || /\.(test|spec|d)\.[mc]?[jt]s$/.test(file)) return { kind: 'ignored' };
  const name = file.replace(SOURCE, '');
  if (parts.some((p) => p.startsWith('_') || p.startsWith('.'))) return { kind: 'ignored' };
  const folder = parts.map((p) => (/^\[[A-Za-z_][\w]*\]$/.test(p) ? `:${p.slice(1, -1)}` : p));
  if (name === '_middleware') return { kind: 'middleware', path: '/' + folder.join('/') };
  if (name.startsWith('_') || name.startsWith('.')) return { kind: 'ignored' };
  const segments =
    name === 'index' ? folder : [...folder, /^\[[A-Za-z_]\w*\]$/.test(name) ? `:${name.slice(1, -1)}` : name];
  return {
    kind: 'route',
    path: '/' + segments.join('/'),
    params: segments.filter((s) => s.startsWith(':')).map((s) => s.slice(1)),
  };
}

/**
 * Order in which routes are registered: at the first differing segment a static one comes before
 * a parameter, so `/plugins/installed` wins over `/plugins/:id`; otherwise by name, for a stable table.
 */
export function compareRoutePaths(a: string, b: string): number {
  const sa = a.split('/');
  const sb = b.split('/');
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i] === sb[i]) continue;
    const pa = sa[i]!.startsWith(':');
    const pb = sb[i]!.startsWith(':');
    if (pa !== pb) return pa ? 1 : -1;
    return sa[i]! < sb[i]! ? -1 : 1;
  }
  return sa.length - sb.length;
}

export interface LoadedRoute {
  path: string;
  file: string;
  methods: Partial<Record<HttpMethod, RouteDef>>;
}

export interface LoadedMiddleware {
  path: string;
  file: string;
  handler: MiddlewareHandler<AppEnv>;
}

export interface RouteTable {
  routes: LoadedRoute[];
  middleware: LoadedMiddleware[];
}

/** Scans route folders and imports every route and middleware module, sorted for registration. */
export async function loadRouteTable(dirs: string[]): Promise<RouteTable> {
  const routes = new Map<string, LoadedRoute>();
  const middleware: LoadedMiddleware[] = [];
  for (const dir of dirs) {
    for (const { rel, file, load } of routeModules(dir)) {
      const info = routeFromFile(rel);
      if (info.kind === 'ignored') continue;
      const mod = await load();
      if (info.kind === 'middleware') {
        if (typeof mod.default !== 'function') throw new TypeError(`${file} must export a default middleware`);
        middleware.push({ path: info.path, file, handler: mod.default as MiddlewareHandler<AppEnv> });
        continue;
      }
      if (routes.has(info.path))
        throw new TypeError(`${file} declares ${info.path}, already declared by ${routes.get(info.path)!.file}`);
      const methods: LoadedRoute['methods'] = {};
      for (const m of HTTP_METHODS) {
        const def = mod[m] as RouteDef | undefined;
        if (def?.kind === 'route') methods[m] = def;
      }
      if (!Object.keys(methods).length)
        throw new TypeError(`${file} exports no route method (${HTTP_METHODS.join(', ')})`);
      routes.set(info.path, { path: info.path, file, methods });
    }
  }
  return {
    routes: [...routes.values()].sort((a, b) => compareRoutePaths(a.path, b.path)),
    middleware: middleware.sort((a, b) => a.path.split('/').length - b.path.split('/').length),
  };
}
