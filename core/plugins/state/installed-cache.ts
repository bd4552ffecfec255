/**
 * The installed-plugin list as JSON, rebuilt only when something it shows changed. A database
 * change is seen through SQLite itself, so no writer has to remember to invalidate:
 * `total_changes()` moves on every write by this connection, `PRAGMA data_version` on every commit
 * by another (a tool, another process; looked at every few milliseconds, see othersVersion). Registry facts come from the store's catalog, whose
 * lookup changes identity whenever the catalog does (registry-facts.ts).
 */
import { serializedJson, type SerializedJson } from '../../platform/serialized-json.ts';
import type { Platform } from '../../platform/index.ts';
import type { Registry } from '../../registry/service.ts';
import { listInstalled, type RegistryLookup } from './installed.ts';
import { registryFacts } from './registry-facts.ts';

export interface InstalledListCache {
  /** `{"plugins":[...]}` as JSON. */
  json(): string;
  /** The same, with its content hash and bytes computed once per list. */
  serialized(): SerializedJson;
}

/** How stale the list may be after another process's commit (this process's own writes show at once). */
const OTHERS_CHECK_MS = 50;

/**
 * `PRAGMA data_version` starts a read of the WAL (locks, a look at the shared index): several
 * microseconds, as much as the rest of a cached answer. It is asked at most every
 * `OTHERS_CHECK_MS`: another process's commit shows that much later at worst, and under load the
 * list costs one cheap `total_changes()` per request.
 */
function othersVersion(base: Pick<Platform, 'db'>): () => number {
  const stmt = base.db.sqlite.prepare('PRAGMA data_version').pluck();
  let seen = 0;
  let at = -Infinity;
  return () => {
    const now = performance.now();
    if (now - at >= OTHERS_CHECK_MS) [seen, at] = [stmt.get() as number, now];
    return seen;
  };
}

export function createInstalledListCache(
  base: Pick<Platform, 'db'>,
  services: { registry: Pick<Registry, 'catalog'> },
): InstalledListCache {
  const { db } = base;
  const factsNow = registryFacts(() => services.registry.catalog());
  const dataVersion = othersVersion(base);
  const changes = db.sqlite.prepare('SELECT total_changes()').pluck();
  let key = '';
  let lookup: RegistryLookup | undefined;
  let text = '';
  let served: SerializedJson | null = null;
  const current = () => {
    const now = `${dataVersion()}:${changes.get()}`;
    const facts = factsNow();
    if (now !== key || facts !== lookup) {
      const next = JSON.stringify({ plugins: listInstalled(db, facts) });
      if (next !== text) [text, served] = [next, null];
      key = now;
      lookup = facts;
    }
  };
  return {
    json() {
      current();
      return text;
    },
    serialized() {
      current();
      return (served ??= serializedJson(text));
    },
  };
}
