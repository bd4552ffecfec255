/**
 * Browsing the store: answered from memory, never from the network. Expired sources are served
 * at once and refreshed by a background `store-refresh` operation (stale-while-revalidate); only a
 * source that has never been attempted makes a browse wait, for one attempt of its refresh,
 * bounded by the outbound timeout (`firstFetches`).
 */
import { AppError } from '../platform/errors/app-error.ts';
import { isFresh } from './cache.ts';
import { matches, present, resolveEntry, type ListFilters } from './catalog.ts';
import type { StoreEnv } from './env.ts';
import { activeRefresh, coldSources, firstFetches, isDue, requestBackgroundRefresh, retryAt } from './refresh-queue.ts';
import type { SourceState } from './service.ts';

export type BrowseEnv = Pick<StoreEnv, 'registry' | 'queue' | 'clock' | 'settings' | 'log'>;

const isRemote = (s: SourceState) => s.def.kind !== 'builtin' && !s.def.invalid;

/** Queues a background refresh of each expired source no refresh is pending or running for. */
export function revalidate(env: BrowseEnv): void {
  const now = env.clock.now();
  for (const s of env.registry.sources()) {
    if (s.row && isDue(env, s, now)) requestBackgroundRefresh(env, s.def.id, 'system');
  }
}

const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);

/** When a failing source is tried again: its refresh waiting for a retry, if one does. */
const nextAttempt = (env: BrowseEnv, s: SourceState, now: number) => iso(retryAt(activeRefresh(env, s.def.id), now));

/** How fresh the answer is: its oldest confirmation, whether any source is stale, and what failed. */
export function freshness(env: BrowseEnv) {
  const now = env.clock.now();
  const remote = env.registry.sources().filter((s) => s.def.kind !== 'builtin');
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
      next_attempt_at: nextAttempt(env, s, now),
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
/**
 * What a browse waits for before it answers: first fetches of never-fetched sources and the
 * machine's first runtime verdict. Null once both are in, so a warm browse never awaits.
 */
function settling(env: BrowseEnv): Promise<unknown> | null {
  const runtimes = env.registry.checkRuntimes();
  return coldSources(env).length || runtimes ? Promise.all([firstFetches(env), runtimes]) : null;
}

export async function listPlugins(env: BrowseEnv, filters: ListFilters) {
  const wait = settling(env);
  if (wait) await wait;
  revalidate(env);
  const all = env.registry.presented();
  const metadata = (count: number) => ({ ...freshness(env), count, total: all.length });
  if (!hasFilters(filters)) return { plugins: all, json: env.registry.presentedList(), metadata: metadata(all.length) };
  const allJson = env.registry.presentedJson();
  const picked = env.registry.catalog().entries.flatMap((e, i) => (matches(e, filters) ? [i] : []));
  const json = `{"plugins":[${picked.map((i) => allJson[i]!).join(',')}]}`;
  return { plugins: picked.map((i) => all[i]!), json, metadata: metadata(picked.length) };
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
