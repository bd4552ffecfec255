/**
 * Browsing the store: answered from memory, never from the network. Expired sources are served
 * at once and refreshed by a background `store-refresh` operation (stale-while-revalidate); only a
 * source that has never been attempted makes a browse wait, once, bounded by the outbound timeout
 * (./first-fetch.ts).
 */
import type { Deps } from '../deps.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { isFresh } from './cache.ts';
import { matches, present, resolveEntry, type ListFilters } from './catalog.ts';
import { firstFetches } from './first-fetch.ts';
import { isDue, requestBackgroundRefresh } from './refresh-queue.ts';
import type { SourceState } from './service.ts';

const isRemote = (s: SourceState) => s.def.kind !== 'builtin' && !s.def.invalid;

/** Queues a background refresh of each expired source that is not backing off or already being refreshed. */
export function revalidate(deps: Deps): void {
  const now = deps.clock.now();
  for (const s of deps.registry.sources()) {
    if (s.row && isDue(deps, s, now)) requestBackgroundRefresh(deps, s.def.id, 'system');
  }
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

/** How fresh the answer is: its oldest confirmation, whether any source is stale, and what failed. */
export function freshness(deps: Deps) {
  const now = deps.clock.now();
  const remote = deps.registry.sources().filter((s) => s.def.kind !== 'builtin');
  const confirmed = remote.map((s) => s.row?.fetchedAt).filter((t): t is number => !!t && t > 0);
  const source_errors = remote
    .filter((s) => s.def.invalid || (s.row?.failures ?? 0) > 0)
    .map((s) => ({
      source: s.def.id,
      name: s.def.name,
      code: s.def.invalid ? 'URL_NOT_ALLOWED' : s.row!.lastErrorCode,
      message: s.def.invalid ?? s.row!.lastError,
      failed_at: iso(s.row?.lastErrorAt),
      failures: s.row?.failures ?? 0,
      has_copy: !!s.parsed,
      next_attempt_at: iso(s.row?.backoffUntil),
    }));
  return {
    fetched_at: confirmed.length ? iso(Math.min(...confirmed)) : null,
    stale: remote.some((s) => isRemote(s) && !isFresh(s.row, now)),
    source_errors,
  };
}

const hasFilters = (f: ListFilters) => !!f.query || !!f.category || !!f.tags?.length || f.verified !== undefined;

/**
 * The store list: `plugins` as objects and `json` as the same list already serialised as
 * `{"plugins":[...]}` (cached when unfiltered; joined per-plugin strings otherwise), with how
 * fresh it is.
 */
export async function listPlugins(deps: Deps, filters: ListFilters) {
  await firstFetches(deps);
  revalidate(deps);
  const all = deps.registry.presented();
  const metadata = (count: number) => ({ ...freshness(deps), count, total: all.length });
  if (!hasFilters(filters))
    return { plugins: all, json: deps.registry.presentedList(), metadata: metadata(all.length) };
  const allJson = deps.registry.presentedJson();
  const picked = deps.registry.catalog().entries.flatMap((e, i) => (matches(e, filters) ? [i] : []));
  const json = `{"plugins":[${picked.map((i) => allJson[i]!).join(',')}]}`;
  return { plugins: picked.map((i) => all[i]!), json, metadata: metadata(picked.length) };
}

/** One entry with its versions; found by registry id or folder name. */
export async function getPlugin(deps: Deps, id: string) {
  await firstFetches(deps);
  revalidate(deps);
  const entry = resolveEntry(deps.registry.catalog(), id);
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
      ...present(entry, deps.registry.facts()),
      versions,
      download_url_template: entry.download_url_template ?? null,
      requested_id: id,
    },
    metadata: freshness(deps),
  };
}
