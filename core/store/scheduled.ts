/** The store's scheduled handlers (see `schedules` in hono.config.ts). */
import type { Deps } from '../deps.ts';
import { enrichGithub, enrichSoon } from './github/enrich.ts';
import { refreshAll } from './refresh.ts';

/** Refreshes sources whose cache expired (not forced: fresh and backing-off sources are skipped). */
export async function scheduledRegistryRefresh(deps: Deps) {
  const outcomes = await refreshAll(deps, { signal: deps.store.signal });
  if (outcomes.some((o) => o.outcome === 'updated' || o.version_changes.length)) enrichSoon(deps);
  return outcomes;
}

/** Fetches GitHub facts that expired; shares a run already started by a refresh. */
export function scheduledGithubEnrich(deps: Deps) {
  if (!deps.settings.github.enrich) return null;
  return deps.store.singleFlight('github-enrich', () => enrichGithub(deps, { signal: deps.store.signal }));
}
