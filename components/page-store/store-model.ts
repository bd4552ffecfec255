import { duration } from '../lib/format.ts';

/** One registry entry as `GET /api/v3/plugins/store/list` lists it. */
export interface StoreEntry {
  id: string;
  name: string;
  author: string;
  category: string;
  description: string;
  tags: string[];
  verified: boolean;
  repo: string;
  latest_version: string | null;
  last_updated: string | null;
  stars: number;
  source: string;
  /** The manifest's icon (docs/PLUGINS.md): a name of Marquee's set or a Font Awesome class. */
  icon?: string;
  /** Which host runs it: Marquee's own (node) or a LEDMatrix plugin (python). */
  runtime?: 'node' | 'python';
  /** Whether this machine can run it; when not, `runnableReason` says why and what to install. */
  runnable?: boolean;
  runnableReason?: string | null;
}

/** A source that failed, as the list's metadata names it. */
export interface SourceError {
  source: string;
  name: string;
  code: string | null;
  message: string | null;
  failed_at: string | null;
  failures: number;
  has_copy: boolean;
  next_attempt_at: string | null;
}

/** How fresh the list is (`metadata` of the store list). */
export interface Freshness {
  fetched_at: string | null;
  stale: boolean;
  source_errors: SourceError[];
}

export interface Filters {
  query: string;
  category: string;
  tag: string;
  verifiedOnly: boolean;
}

export const NO_FILTERS: Filters = Object.freeze({ query: '', category: '', tag: '', verifiedOnly: false });

export const storeList = (data: unknown): StoreEntry[] => {
  const list = Array.isArray(data) ? data : (data as { plugins?: unknown } | null)?.plugins;
  return Array.isArray(list) ? (list as StoreEntry[]) : [];
};

export function freshnessOf(metadata: Record<string, unknown>): Freshness {
  return {
    fetched_at: typeof metadata.fetched_at === 'string' ? metadata.fetched_at : null,
    stale: metadata.stale === true,
    source_errors: Array.isArray(metadata.source_errors) ? (metadata.source_errors as SourceError[]) : [],
  };
}

/** The server's filter (core/registry/catalog.ts `matches`), applied here so typing filters at once. */
export function applyFilters(list: readonly StoreEntry[], f: Filters): StoreEntry[] {
  const q = f.query.trim().toLowerCase();
  const category = f.category.toLowerCase();
  const tag = f.tag.toLowerCase();
  return list.filter((e) => {
    if (f.verifiedOnly && !e.verified) return false;
    if (category && e.category.toLowerCase() !== category) return false;
    if (tag && !e.tags.some((t) => t.toLowerCase() === tag)) return false;
    if (q && ![e.name, e.description, e.id, e.author].some((s) => (s ?? '').toLowerCase().includes(q))) return false;
    return true;
  });
}

/** The categories and tags present, sorted, for the filter menus. */
export function filterOptions(list: readonly StoreEntry[]): { categories: string[]; tags: string[] } {
  const categories = new Set<string>();
  const tags = new Set<string>();
  for (const e of list) {
    if (e.category) categories.add(e.category);
    for (const t of e.tags ?? []) tags.add(t);
  }
  const sort = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b));
  return { categories: sort(categories), tags: sort(tags) };
}

/** "Checked 3 min ago" from the list's oldest confirmation, or null when never confirmed. */
export function age(iso: string | null, now = Date.now()): string | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  const s = (now - t) / 1000;
  return s < 60 ? 'less than a minute' : duration(s);
}
