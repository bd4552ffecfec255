/**
 * Hash routes (`#/plugins/clock`, `#/settings/schedule`): the server serves one page at `/`, and a
 * reload or a shared link lands on the same view without any server-side fallback.
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

/** The parts of Settings, each its own route with one save (the first is the default). */
export const SETTINGS_SECTIONS = Object.freeze([
  { section: 'display', label: 'Panel' },
  { section: 'schedule', label: 'On and off' },
  { section: 'dim', label: 'Dimming' },
  { section: 'location', label: 'Time and place' },
  { section: 'appearance', label: 'Appearance' },
  { section: 'store', label: 'Store access' },
  { section: 'backups', label: 'Backups' },
  { section: 'devices', label: 'Devices and tokens' },
] as const);

export type SettingsSection = (typeof SETTINGS_SECTIONS)[number]['section'];

export type Route = { page: PageName; pluginId?: string; section?: SettingsSection };

const NAMES = new Set<string>(PAGES.map((p) => p.page));
const SECTIONS = new Set<string>(SETTINGS_SECTIONS.map((s) => s.section));
const PLUGIN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The route of a location hash; anything unknown is the overview. */
export function parseHash(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(safeDecode);
  const [page, id] = parts;
  if (!page || !NAMES.has(page)) return { page: 'overview' };
  if (page === 'plugins' && id && PLUGIN_ID.test(id)) return { page: 'plugins', pluginId: id };
  if (page === 'settings' && id && SECTIONS.has(id)) return { page: 'settings', section: id as SettingsSection };
  return { page: page as PageName };
}

export function routeHash(route: Route): string {
  if (route.pluginId) return `#/plugins/${encodeURIComponent(route.pluginId)}`;
  if (route.page === 'settings' && route.section) return `#/settings/${route.section}`;
  return `#/${route.page}`;
}

/** The page's name for its title; a plugin's settings page names itself once it knows the plugin's name. */
export function pageLabel(route: Route): string {
  if (route.pluginId) return 'Plugin settings';
  const page = PAGES.find((p) => p.page === route.page)!.label;
  const section = route.section ? SETTINGS_SECTIONS.find((s) => s.section === route.section)?.label : undefined;
  return section ? `${section} · ${page}` : page;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
