/**
 * The plugin list of `GET /api/v3/plugins/installed` and the records of `GET /api/v3/plugins/state`,
 * built from plugin_state alone: no disk, no network, so they stay fast with many plugins.
 */
import type { Db } from '../../../db/client.ts';
import type { Platform } from '../../platform/index.ts';
import type { PluginStateRow } from '../../../db/schema.ts';
import { isUpdateAvailable } from '../package/compat.ts';
import { listTombstones } from './tombstones.ts';

/** What the registry cache knows of a plugin (the store provides it; absent: nothing known). */
export interface RegistryFacts {
  latestVersion: string | null;
  verified: boolean;
  /** The manifest's `icon`, as the registry (or the built-in source, from the manifest) lists it. */
  icon: string | null;
}
export type RegistryLookup = (id: string) => RegistryFacts | undefined;

interface ListedRow {
  id: string;
  name: string;
  version: string | null;
  source: string;
  status: string;
  enabled: number;
  last_error: string | null;
  last_error_at: number | null;
  author: string | null;
  category: string | null;
  description: string | null;
  tags: string;
  local_only: number;
  files_updated_at: number | null;
}

// Tombstoned folders that reappeared are listed (so the user can delete or reinstall them); a
// removed built-in plugin is hidden, since its files are part of Marquee.
const LIST_SQL = `SELECT id, name, version, source, status, enabled, last_error, last_error_at, author, category,
  description, tags, local_only, files_updated_at FROM plugin_state
  WHERE (status != 'uninstalled' OR present = 1) AND NOT (status = 'uninstalled' AND source = 'builtin')
  ORDER BY id`;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function listed(r: ListedRow, registry?: RegistryLookup) {
  const facts = registry?.(r.id);
  const latest = facts?.latestVersion ?? null;
  const failed = r.status === 'error' || r.status === 'incompatible';
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    latest_version: latest,
    update_available: !r.local_only && isUpdateAvailable(r.version, latest),
    author: r.author ?? 'Unknown',
    category: r.category ?? 'General',
    description: r.description ?? 'No description available',
    tags: JSON.parse(r.tags) as string[],
    enabled: r.enabled === 1,
    verified: facts?.verified ?? false,
    icon: facts?.icon ?? null,
    state: r.status,
    // A plugin that cannot load, or the last lifecycle operation on it that failed.
    error_info:
      failed || r.last_error !== null
        ? { error: r.last_error, error_type: failed ? r.status : 'operation', timestamp: iso(r.last_error_at) }
        : null,
    last_updated: iso(r.files_updated_at),
    source: r.source,
    local_only: r.local_only === 1,
    tombstoned: r.status === 'uninstalled',
  };
}

export type InstalledPlugin = ReturnType<typeof listed>;

export function listInstalled(db: Pick<Db, 'sqlite'>, registry?: RegistryLookup): InstalledPlugin[] {
  const rows = db.sqlite.prepare(LIST_SQL).all() as ListedRow[];
  return rows.map((r) => listed(r, registry));
}

export function stateRecord(row: PluginStateRow, tombstoned: boolean) {
  return {
    plugin_id: row.id,
    name: row.name,
    status: row.status,
    enabled: row.enabled,
    version: row.version,
    source: row.source,
    repo: row.repo,
    branch: row.branch,
    plugin_path: row.pluginPath,
    path: row.path,
    present: row.present,
    tombstoned,
    installed_at: iso(row.installedAt),
    last_updated: iso(row.filesUpdatedAt),
    updated_at: iso(row.updatedAt),
    last_error: row.lastError,
    last_error_at: iso(row.lastErrorAt),
  };
}

export type StateRecord = ReturnType<typeof stateRecord>;

export const tombstonedIds = (deps: Pick<Platform, 'db'>) => new Set(listTombstones(deps).map((t) => t.pluginId));
