/**
 * The installed-plugin list as JSON text, rebuilt only when the database changed. A change is seen
 * through SQLite itself, so no writer has to remember to invalidate: `total_changes()` moves on
 * every write by this connection, `PRAGMA data_version` on every commit by another (the display
 * process, a tool). Anything the list depends on (plugin_state, registry caches) lives in the
 * database, so an unchanged pair means an unchanged list.
 */
import type { Db } from '../../db/client.ts';
import { listInstalled, type RegistryLookup } from './installed.ts';

export interface InstalledListCache {
  /** `{"plugins":[...]}` as JSON. */
  json(): string;
}

/** `registry` must itself read from the database (the store's cache tables) for the cache to stay right. */
export function createInstalledListCache(db: Pick<Db, 'sqlite'>, registry?: RegistryLookup): InstalledListCache {
  const changes = db.sqlite.prepare('SELECT total_changes() AS n').pluck();
  let key = '';
  let text = '';
  return {
    json() {
      const now = `${db.sqlite.pragma('data_version', { simple: true })}:${changes.get()}`;
      if (now !== key) {
        text = JSON.stringify({ plugins: listInstalled(db, registry) });
        key = now;
      }
      return text;
    },
  };
}
