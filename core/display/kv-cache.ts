import type Database from 'better-sqlite3';

type Entry = { value: string; expiresAt: number | null };

/**
 * The plugins' persisted key-value caches, display side. Hosts keep the plugin's own copy and send
 * every change here; this store keeps the latest value of each key in memory (a reloaded plugin
 * gets it at once) and writes the changed keys in one transaction per flush, never per `set`.
 */
export function createCacheStore(sqlite: Database.Database, now: () => number) {
  const memory = new Map<string, Map<string, Entry>>();
  const dirty = new Map<string, Map<string, Entry | null>>();
  const select = sqlite.prepare('SELECT key, value, expires_at AS expiresAt FROM plugin_cache WHERE plugin_id = ?');
  const upsert =
    sqlite.prepare(`INSERT INTO plugin_cache (plugin_id, key, value, expires_at, updated_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT(plugin_id, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = excluded.updated_at`);
  const remove = sqlite.prepare('DELETE FROM plugin_cache WHERE plugin_id = ? AND key = ?');
  const purge = sqlite.prepare('DELETE FROM plugin_cache WHERE expires_at IS NOT NULL AND expires_at <= ?');

  function entries(pluginId: string): Map<string, Entry> {
    let map = memory.get(pluginId);
    if (!map) {
      const t = now();
      const rows = select.all(pluginId) as Array<{ key: string } & Entry>;
      map = new Map(
        rows
          .filter((r) => r.expiresAt === null || r.expiresAt > t)
          .map((r) => [r.key, { value: r.value, expiresAt: r.expiresAt }]),
      );
      memory.set(pluginId, map);
    }
    return map;
  }

  return {
    /** The plugin's entries as a host's `load` carries them. */
    snapshotForHost: (pluginId: string): Record<string, { value: string; expires_at: number | null }> =>
      Object.fromEntries([...entries(pluginId)].map(([k, e]) => [k, { value: e.value, expires_at: e.expiresAt }])),
    set(pluginId: string, key: string, value: string | null, expiresAt: number | null) {
      const map = entries(pluginId);
      if (value === null) map.delete(key);
      else map.set(key, { value, expiresAt });
      let d = dirty.get(pluginId);
      if (!d) dirty.set(pluginId, (d = new Map()));
      d.set(key, value === null ? null : { value, expiresAt });
    },
    pending: () => dirty.size > 0,
    /** Writes every changed key in one transaction; returns how many rows it wrote. */
    flush(): number {
      if (!dirty.size) return 0;
      const t = now();
      let n = 0;
      sqlite.transaction(() => {
        for (const [pluginId, keys] of dirty)
          for (const [key, e] of keys) {
            if (e) upsert.run(pluginId, key, e.value, e.expiresAt, t);
            else remove.run(pluginId, key);
            n += 1;
          }
        purge.run(t);
      })();
      dirty.clear();
      return n;
    },
  };
}

export type CacheStore = ReturnType<typeof createCacheStore>;
