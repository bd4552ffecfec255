/** The store's scheduled handlers (see `schedules` in hono.config.ts). */
import type { Deps } from '../deps.ts';
import { enrichGithub } from './github/enrich.ts';
import { refreshSource } from './refresh.ts';
import { isDue, requestBackgroundRefresh } from './refresh-queue.ts';
import { BUILTIN_SOURCE } from './sources.ts';

/**
 * Queues a `store-refresh` operation for each remote source whose cache expired (fresh and
 * backing-off sources are left alone; one already pending or running is not asked twice). The
 * built-in source is a folder on this machine, so it is rescanned here, without an operation.
 */
export async function scheduledRegistryRefresh(deps: Deps) {
  const builtin = deps.registry.source(BUILTIN_SOURCE) ? await refreshSource(deps, BUILTIN_SOURCE) : null;
  const now = deps.clock.now();
  const queued = deps.registry
    .sources()
    .filter((s) => isDue(deps, s, now))
    .map((s) => ({ source: s.def.id, operation_id: requestBackgroundRefresh(deps, s.def.id, 'schedule')?.id ?? null }));
  return { builtin: builtin?.outcome ?? null, queued };
}

/** Fetches GitHub facts that expired; shares a run already started by a refresh. */
export function scheduledGithubEnrich(deps: Deps) {
  if (!deps.settings.github.enrich) return null;
  return deps.registry.singleFlight('github-enrich', () => enrichGithub(deps, { signal: deps.registry.signal }));
}
