import type Database from 'better-sqlite3';
import type { PluginStatus } from '../../db/schema/plugins.ts';

/**
 * `plugin_state` as the display sees it, read with raw statements (the display process loads no
 * ORM). Lifecycle operations and discovery write it; `status` says whether a plugin can run and
 * whether it is enabled (the projection of config's `enabled` that lifecycle keeps).
 */
export interface InstalledPlugin {
  id: string;
  /** The plugin's folder (absolute). */
  path: string;
  status: PluginStatus;
  version: string | null;
  filesUpdatedAt: number | null;
  /** `builtin`: a first-party plugin (Marquee's own, in the built-in folder without an install record). */
  source: string;
}

/** Statuses whose files are in place and usable: the rotation runs `enabled`, on-demand any of them. */
export const RUNNABLE_STATUSES = ['installed', 'enabled', 'disabled'] as const satisfies readonly PluginStatus[];

const COLUMNS = 'id, path, status, version, files_updated_at AS filesUpdatedAt, source';
// In safe mode (after a crash loop) only first-party plugins run: third-party ones are paused.
const RUNNABLE = `SELECT ${COLUMNS} FROM plugin_state
  WHERE present = 1 AND status IN (${RUNNABLE_STATUSES.map((s) => `'${s}'`).join(', ')})
  AND (source = 'builtin' OR NOT EXISTS (SELECT 1 FROM safe_mode WHERE id = 1 AND active = 1)) ORDER BY id`;
const ONE = `SELECT ${COLUMNS} FROM plugin_state WHERE id = ?`;
const KNOWN = "SELECT id FROM plugin_state WHERE status <> 'uninstalled' ORDER BY id";

/** Plugins whose files are present and valid, in id order (first-party ones only, in safe mode). */
export const readRunnablePlugins = (sqlite: Database.Database): InstalledPlugin[] =>
  sqlite.prepare(RUNNABLE).all() as InstalledPlugin[];

/** One plugin's row, whatever its status. */
export const readInstalledPlugin = (sqlite: Database.Database, id: string): InstalledPlugin | undefined =>
  sqlite.prepare(ONE).get(id) as InstalledPlugin | undefined;

/** Ids of every plugin Marquee knows of and the user has not uninstalled. */
export const knownPluginIds = (sqlite: Database.Database): string[] =>
  (sqlite.prepare(KNOWN).all() as Array<{ id: string }>).map((r) => r.id);

export const isRunnable = (status: PluginStatus): boolean => (RUNNABLE_STATUSES as readonly string[]).includes(status);
