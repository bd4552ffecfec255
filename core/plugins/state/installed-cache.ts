/**
 * The installed-plugin list as JSON text, rebuilt only when something it shows changed. A database
 * change is seen through SQLite itself, so no writer has to remember to invalidate:
 * `total_changes()` moves on every write by this connection, `PRAGMA data_version` on every commit
 * by another (the display process, a tool). Registry facts come from the store's catalog, whose
 * lookup changes identity whenever the catalog does (registry-facts.ts).
 */
import type { Platform } from '../../platform/index.ts';
import type { Registry } from '../../registry/service.ts';
import { listInstalled, type RegistryLookup } from './installed.ts';
import { registryFacts } from './registry-facts.ts';

export interface InstalledListCache {
  /** `{"plugins":[...]}` as JSON. */
  json(): string;
}

export function createInstalledListCache(
  base: Pick<Platform, 'db'>,
  services: { registry: Pick<Registry, 'catalog'> },
): InstalledListCache {
  const { db } = base;
  const factsNow = registryFacts(() => services.registry.catalog());
  const changes = db.sqlite.prepare('SELECT total_changes() AS n').pluck();
  let key = '';
  let lookup: RegistryLookup | undefined;
  let text = '';
  return {
    json() {
      const now = `${db.sqlite.pragma('data_version', { simple: true })}:${changes.get()}`;
      const facts = factsNow();
      if (now !== key || facts !== lookup) {
        text = JSON.stringify({ plugins: listInstalled(db, facts) });
        key = now;
        lookup = facts;
      }
      return text;
    },
  };
}
