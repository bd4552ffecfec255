/**
 * Browsing the store: answered from memory, never from the network. Expired sources are served
 * at once and refreshed by a background `store-refresh` operation (stale-while-revalidate); only a
 * source that has never been attempted makes a browse wait, for one attempt of its refresh,
 * bounded by the outbound timeout (`firstFetches`).
 */
import { AppError } from '../platform/errors/app-error.ts';
import { present, resolveEntry, type ListFilters } from './catalog.ts';
import type { StoreEnv } from './env.ts';
import { freshness } from './freshness.ts';
import type { StoreListCache } from './list-cache.ts';
import { coldSources, firstFetches, isDue, requestBackgroundRefresh } from './refresh-queue.ts';

export { freshness } from './freshness.ts';

export type BrowseEnv = Pick<StoreEnv, 'registry' | 'queue' | 'clock' | 'settings' | 'log'>;

/** Queues a background refresh of each expired source no refresh is pending or running for. */
export function revalidate(env: BrowseEnv): void {
  const now = env.clock.now();
  for (const s of env.registry.sources()) {
    if (s.row && isDue(env, s, now)) requestBackgroundRefresh(env, s.def.id, 'system');
  }
}

/**
 * What a browse waits for before it answers: first fetches of never-fetched sources and the
 * machine's first runtime verdict. Null once both are in, so a warm browse never awaits.
 */
function settling(env: BrowseEnv): Promise<unknown> | null {
  const runtimes = env.registry.checkRuntimes();
  return coldSources(env).length || runtimes ? Promise.all([firstFetches(env), runtimes]) : null;
}

/**
 * The store list (`plugins`, and `json`, the same serialised as `{"plugins":[...]}`) with how
 * fresh it is, from the answers kept by `storeList` (list-cache.ts). Waits only while settling.
 */
export function listPlugins(env: BrowseEnv & { storeList: StoreListCache }, filters: ListFilters) {
  const wait = settling(env);
  if (wait) return wait.then(() => answer(env, filters));
  return answer(env, filters);
}

function answer(env: BrowseEnv & { storeList: StoreListCache }, filters: ListFilters) {
  revalidate(env);
  return env.storeList.answer(filters);
}

/** One entry with its versions; found by registry id or folder name. */
export async function getPlugin(env: BrowseEnv, id: string) {
  const wait = settling(env);
  if (wait) await wait;
  revalidate(env);
  const entry = resolveEntry(env.registry.catalog(), id);
  if (!entry) {
    throw new AppError('PLUGIN_NOT_FOUND', {
      message: `Plugin ${id} is not in any registry source`,
      context: { plugin_id: id },
    });
  }
  const versions = entry.versions.length
    ? entry.versions
    : entry.latest_version
      ? [{ version: entry.latest_version }]
      : [];
  return {
    plugin: {
      ...(env.registry.presented()[env.registry.catalog().entries.indexOf(entry)] ??
        present(entry, env.registry.facts())),
      versions,
      download_url_template: entry.download_url_template ?? null,
      requested_id: id,
    },
    metadata: freshness(env),
  };
}
