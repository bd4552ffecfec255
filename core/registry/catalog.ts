/**
 * The merged view of every source: one entry per plugin id (sources earlier in the list win:
 * built-in, then settings, then saved repositories), look-up by registry id or by folder, the
 * filters of the store page, and the LEDMatrix list shape with whatever GitHub facts are known.
 */
import type { CommitFacts, RepoFacts } from './github/facts.ts';
import { factKeys } from './github/facts.ts';
import type { RegistryEntry } from './registry-format.ts';
import { runtimeFields, type RuntimeView } from './runtime.ts';

export interface Catalog {
  entries: RegistryEntry[];
  byId: Map<string, RegistryEntry>;
  /** Last segment of `plugin_path` → entry (`ledmatrix-weather` → the `weather` entry). */
  byFolder: Map<string, RegistryEntry>;
  /** Entries hidden because an earlier source has the same id. */
  shadowed: Array<{ id: string; source: string; by: string }>;
}

export function buildCatalog(lists: ReadonlyArray<readonly RegistryEntry[]>): Catalog {
  const byId = new Map<string, RegistryEntry>();
  const byFolder = new Map<string, RegistryEntry>();
  const shadowed: Catalog['shadowed'] = [];
  for (const list of lists) {
    for (const e of list) {
      const first = byId.get(e.id);
      if (first) {
        shadowed.push({ id: e.id, source: e.source, by: first.source });
        continue;
      }
      byId.set(e.id, e);
      const folder = e.plugin_path.split('/').filter(Boolean).at(-1);
      if (folder && !byFolder.has(folder)) byFolder.set(folder, e);
    }
  }
  return { entries: [...byId.values()], byId, byFolder, shadowed };
}

const PREFIX = 'ledmatrix-';

/**
 * Finds an entry by registry id or folder name: exact id, then the folder in `plugin_path`, then
 * the same two with LEDMatrix's `ledmatrix-` prefix taken off or put on.
 */
export function resolveEntry(c: Catalog, id: string): RegistryEntry | null {
  const key = id.toLowerCase();
  const alt = key.startsWith(PREFIX) ? key.slice(PREFIX.length) : PREFIX + key;
  for (const k of [key, alt]) {
    const hit = c.byId.get(k) ?? c.byFolder.get(k);
    if (hit) return hit;
  }
  return null;
}

export interface ListFilters {
  query?: string;
  category?: string;
  tags?: string[];
  verified?: boolean;
}

export function matches(e: RegistryEntry, f: ListFilters): boolean {
  if (f.verified !== undefined && e.verified !== f.verified) return false;
  if (f.category && e.category.toLowerCase() !== f.category.toLowerCase()) return false;
  if (f.tags?.length) {
    const wanted = new Set(f.tags.map((t) => t.toLowerCase()));
    if (!e.tags.some((t) => wanted.has(t.toLowerCase()))) return false;
  }
  if (f.query) {
    const q = f.query.toLowerCase();
    if (![e.name, e.description, e.id, e.author].some((s) => s.toLowerCase().includes(q))) return false;
  }
  return true;
}

const isoDate = (s: string | null | undefined) => {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

/**
 * One plugin as the store page gets it (LEDMatrix's fields, plus `source`, `icon`, `type`, and
 * which runtime it needs and whether this machine has it).
 */
export function present(e: RegistryEntry, facts: ReadonlyMap<string, unknown>, machine?: RuntimeView) {
  const keys = factKeys(e);
  const repo = keys ? (facts.get(keys.repo) as RepoFacts | null | undefined) : undefined;
  const commit = keys ? (facts.get(keys.commit) as CommitFacts | null | undefined) : undefined;
  const updatedIso = isoDate(commit?.date) ?? isoDate(e.last_updated);
  return {
    id: e.id,
    name: e.name,
    author: e.author,
    category: e.category,
    description: e.description,
    tags: e.tags,
    stars: repo?.stars ?? e.stars,
    downloads: e.downloads,
    verified: e.verified,
    repo: e.repo,
    branch: e.branch ?? repo?.default_branch ?? null,
    default_branch: repo?.default_branch ?? null,
    plugin_path: e.plugin_path,
    version: e.latest_version,
    latest_version: e.latest_version,
    last_updated: commit?.date ? commit.date.slice(0, 10) : e.last_updated,
    last_updated_iso: updatedIso,
    last_commit: commit?.sha.slice(0, 7) ?? null,
    last_commit_message: commit?.message ?? null,
    last_commit_author: commit?.author ?? null,
    screenshot: e.screenshot,
    icon: e.icon,
    type: e.type,
    source: e.source,
    ...runtimeFields(e, machine),
  };
}

export type StorePlugin = ReturnType<typeof present>;
