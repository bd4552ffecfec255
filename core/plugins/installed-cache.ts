/**
 * The installed-plugin list as JSON text, rebuilt only when the database changed. A change is seen
 * through SQLite itself, so no writer has to remember to invalidate: `total_changes()` moves on
 * every write by this connection, `PRAGMA data_version` on every commit by another (the display
 * process, a tool). What the list takes from the registry (latest version, verified) is kept in
 * memory by the store, so its `registryVersion` (the catalog's generation) is part of the key too.
 */
import type { Db } from '../../db/client.ts';
import { listInstalled, type RegistryLookup } from './installed.ts';

export interface InstalledListCache {
  /** `{"plugins":[...]}` as JSON. */
  json(): string;
}

/** `registryVersion` must move whenever an answer of `registry` may have changed. */
export function createInstalledListCache(
  db: Pick<Db, 'sqlite'>,
  registry?: RegistryLookup,
  registryVersion: () => number = () => 0,
): InstalledListCache {
  const changes = db.sqlite.prepare('SELECT total_changes() AS n').pluck();
  let key = '';
  let text = '';
  return {
    json() {
      const now = `${db.sqlite.pragma('data_version', { simple: true })}:${changes.get()}:${registryVersion()}`;
      if (now !== key) {
        text = JSON.stringify({ plugins: listInstalled(db, registry) });
        key = now;
      }
      return text;
    },
  };
}
