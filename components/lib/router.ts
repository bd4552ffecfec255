/**
 * Hash routes (`#/plugins/clock`): the server serves one page at `/`, and a reload or a shared link
 * lands on the same view without any server-side fallback.
 */
export const PAGES = Object.freeze([
  { page: 'overview', label: 'Overview' },
  { page: 'plugins', label: 'Plugins' },
  { page: 'store', label: 'Store' },
  { page: 'settings', label: 'Settings' },
  { page: 'history', label: 'History' },
  { page: 'health', label: 'Health' },
  { page: 'logs', label: 'Logs' },
  { page: 'system', label: 'System' },
  { page: 'backup', label: 'Backup' },
] as const);

export type PageName = (typeof PAGES)[number]['page'];

export type Route = { page: PageName; pluginId?: string };

const NAMES = new Set<string>(PAGES.map((p) => p.page));
const PLUGIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The route of a location hash; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  const [page, id] = parts;
  if (!page || !NAMES.has(page)) return { page: 'overview' };
  if (page === 'plugins' && id && PLUGIN_ID.test(id)) return { page: 'plugins', pluginId: id };
  return { page: page as PageName };
}

export function routeHash(route: Route): string {
  return route.pluginId ? `#/plugins/${encodeURIComponent(route.pluginId)}` : `#/${route.page}`;
}

export function pageLabel(route: Route): string {
  if (route.pluginId) return `${route.pluginId} settings`;
  return PAGES.find((p) => p.page === route.page)!.label;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
