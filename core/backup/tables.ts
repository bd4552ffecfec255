/**
 * The database part of a backup: plugin data (the plugins' key-value caches) and the saved
 * registry repositories, read and replaced with raw statements in one transaction.
 */
import type Database from 'better-sqlite3';
import type { PluginCacheRows, SavedRepositoryRows } from './manifest.ts';

export function readPluginCache(sqlite: Database.Database): PluginCacheRows {
  return sqlite
    .prepare('SELECT plugin_id, key, value, expires_at, updated_at FROM plugin_cache ORDER BY plugin_id, key')
    .all() as PluginCacheRows;
}

export function readSavedRepositories(sqlite: Database.Database): SavedRepositoryRows {
  return sqlite
    .prepare('SELECT url, name, type, added_at FROM saved_repositories ORDER BY added_at, url')
    .all() as SavedRepositoryRows;
}

/** Replaces both tables' rows; call inside the transaction that commits a restore. */
export function replaceTables(
  sqlite: Database.Database,
  rows: { pluginCache: PluginCacheRows; savedRepositories: SavedRepositoryRows },
): void {
  sqlite.prepare('DELETE FROM plugin_cache').run();
  const cache = sqlite.prepare(
    'INSERT INTO plugin_cache (plugin_id, key, value, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  for (const r of rows.pluginCache) cache.run(r.plugin_id, r.key, r.value, r.expires_at, r.updated_at);
  sqlite.prepare('DELETE FROM saved_repositories').run();
  const repo = sqlite.prepare('INSERT INTO saved_repositories (url, name, type, added_at) VALUES (?, ?, ?, ?)');
  for (const r of rows.savedRepositories) repo.run(r.url, r.name, r.type, r.added_at);
}
