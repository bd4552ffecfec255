/**
 * Update availability of installed plugins against the merged catalog: what a refresh reports.
 */
import type { StoreEnv } from './env.ts';
import { updateFor } from './versions.ts';

export interface UpdateAvailable {
  plugin_id: string;
  registry_id: string;
  installed_version: string;
  latest_version: string;
}

interface InstalledRow {
  id: string;
  version: string | null;
}

// Local-only plugins are never offered registry updates; uninstalled ones have nothing to update.
const INSTALLED_SQL = `SELECT id, version FROM plugin_state
  WHERE status != 'uninstalled' AND local_only = 0 AND version IS NOT NULL ORDER BY id`;

export function updatesAvailable(deps: Pick<StoreEnv, 'db' | 'registry'>): UpdateAvailable[] {
  const catalog = deps.registry.catalog();
  const rows = deps.db.sqlite.prepare(INSTALLED_SQL).all() as InstalledRow[];
  return rows.flatMap((r) => {
    const u = updateFor(catalog, r.id, r.version);
    if (!u.update_available) return [];
    return [
      {
        plugin_id: r.id,
        registry_id: u.registry_id!,
        installed_version: r.version!,
        latest_version: u.latest_version!,
      },
    ];
  });
}
