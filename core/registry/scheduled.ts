/**
 * The store's scheduled kinds (see `schedules` in hono.config.ts and core/app/schedules.ts): the
 * registry schedule's `store-revalidate` and GitHub enrichment. Each is an operation in a lane of
 * its own with a short history of its own.
 */
import type { Executor } from '../queue/types.ts';
import type { StoreEnv } from './env.ts';
import { enrichGithub, GITHUB_ENRICH_KIND } from './github/enrich.ts';
import { refreshSource } from './refresh.ts';
import { isDue, requestBackgroundRefresh } from './refresh-queue.ts';
import { BUILTIN_SOURCE } from './sources.ts';

export { GITHUB_ENRICH_KIND };
export const STORE_REVALIDATE_KIND = 'store-revalidate';

type ScheduledEnv = Pick<StoreEnv, 'registry' | 'queue' | 'db' | 'clock' | 'settings' | 'log' | 'http' | 'events'>;

/**
 * Queues a `store-refresh` operation for each remote source whose cache expired (fresh sources,
 * and sources whose refresh is pending or waiting for a retry, are left alone). The built-in
 * source is a folder on this machine, so it is rescanned here.
 */
export async function scheduledRegistryRefresh(env: ScheduledEnv) {
  const builtin = env.registry.source(BUILTIN_SOURCE) ? await refreshSource(env, BUILTIN_SOURCE) : null;
  const now = env.clock.now();
  const queued = env.registry
    .sources()
    .filter((s) => isDue(env, s, now))
    .map((s) => ({ source: s.def.id, operation_id: requestBackgroundRefresh(env, s.def.id, 'schedule')?.id ?? null }));
  const message = `${queued.length} registry source${queued.length === 1 ? '' : 's'} to refresh`;
  return { message, builtin: builtin?.outcome ?? null, queued };
}

const scheduledKind = { maxAttempts: 1, concurrency: 1, keepFinished: 20 };

export const storeRevalidateExecutor = (env: ScheduledEnv): Executor => ({
  ...scheduledKind,
  kind: STORE_REVALIDATE_KIND,
  timeoutMs: 60_000,
  run: () => scheduledRegistryRefresh(env),
});

/** Enrichment stops early (GitHub's limits, its budget) and picks up where it stopped next time. */
export const githubEnrichExecutor = (env: StoreEnv): Executor => ({
  ...scheduledKind,
  kind: GITHUB_ENRICH_KIND,
  timeoutMs: 30 * 60_000,
  run: async ({ signal }) => {
    if (!env.settings.github.enrich) return { message: 'GitHub enrichment is off (github.enrich)' };
    const r = await enrichGithub(env, { signal });
    return { message: `GitHub facts: ${r.fetched} fetched, ${r.not_modified} unchanged, ${r.failed} failed`, ...r };
  },
});
