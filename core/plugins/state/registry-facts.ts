/**
 * What the registry cache says about installed plugins, for `latest_version`, `update_available`
 * and `verified` of the installed list: read from the store's in-memory catalog, never the network.
 * The lookup is rebuilt only when the catalog object changes (each refresh that changed a source
 * builds a new one), and its identity is what tells the list cache to rebuild.
 */
import type { Catalog } from '../../registry/catalog.ts';
import { resolveEntry } from '../../registry/catalog.ts';
import type { RegistryLookup } from './installed.ts';

/** The store's catalog, as a function (the store replaces the object on change). */
export type CatalogSource = () => Catalog;

export function registryFacts(catalog: CatalogSource): () => RegistryLookup {
  let seen: Catalog | null = null;
  let lookup: RegistryLookup = () => undefined;
  return () => {
    const now = catalog();
    if (now !== seen) {
      seen = now;
      const memo = new Map<string, ReturnType<RegistryLookup>>();
      lookup = (id) => {
        if (!memo.has(id)) {
          const e = resolveEntry(now, id);
          memo.set(id, e ? { latestVersion: e.latest_version, verified: e.verified, icon: e.icon || null } : undefined);
        }
        return memo.get(id);
      };
    }
    return lookup;
  };
}
