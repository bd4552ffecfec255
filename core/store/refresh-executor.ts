/**
 * The `store-refresh` operation: refreshes the requested registry sources (all by default), then
 * starts GitHub enrichment when something changed. Shaped as a queue executor
 * `(deps, params, signal, progress) → result`: params are data, validated here; a run where every
 * remote source failed throws REGISTRY_UNAVAILABLE (transient, so the queue retries it).
 */
import * as v from 'valibot';
import type { Deps } from '../deps.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import { enrichSoon } from './github/enrich.ts';
import { refreshSource, type RefreshOutcome } from './refresh.ts';

export const STORE_REFRESH_KIND = 'store-refresh';

export const REFRESH_TRIGGERS = ['api', 'webhook', 'schedule'] as const;

export const storeRefreshParams = v.object({
  /** Source ids to refresh; absent or empty means every source. */
  source_ids: v.optional(v.array(v.string()), []),
  /** Ignore freshness and backoff (the default for explicit refreshes and webhooks). */
  force: v.optional(v.boolean(), true),
  trigger: v.optional(v.picklist(REFRESH_TRIGGERS), 'api'),
  delivery_id: v.optional(v.string()),
});

export type StoreRefreshParams = v.InferInput<typeof storeRefreshParams>;
export type Progress = (fraction: number, stage: string) => void;

export interface StoreRefreshResult {
  sources: RefreshOutcome[];
  plugin_count: number;
  changed: boolean;
  version_changes: Array<RefreshOutcome['version_changes'][number] & { source_id: string }>;
}

async function refreshOne(deps: Deps, id: string, force: boolean, signal: AbortSignal): Promise<RefreshOutcome> {
  try {
    return await refreshSource(deps, id, { signal, force });
  } catch (e) {
    // A source removed between the request and the run is reported, not fatal for the others.
    if (!isAppError(e) || e.code !== 'NOT_FOUND') throw e;
    const error = { code: e.code, message: e.message };
    return {
      source_id: id,
      outcome: 'invalid',
      entries: 0,
      skipped: 0,
      version_changes: [],
      error,
      next_attempt_at: null,
    };
  }
}

export async function storeRefreshExecutor(
  deps: Deps,
  params: unknown,
  signal: AbortSignal,
  progress: Progress,
): Promise<StoreRefreshResult> {
  const p = v.parse(storeRefreshParams, params);
  const ids = p.source_ids.length ? p.source_ids : deps.store.sources().map((s) => s.def.id);
  progress(0, `refreshing ${ids.length} source${ids.length === 1 ? '' : 's'}`);
  let done = 0;
  const sources = await Promise.all(
    ids.map(async (id) => {
      const outcome = await refreshOne(deps, id, p.force, signal);
      progress(++done / ids.length, `${id}: ${outcome.outcome}`);
      return outcome;
    }),
  );
  signal.throwIfAborted();
  const version_changes = sources.flatMap((s) => s.version_changes.map((c) => ({ ...c, source_id: s.source_id })));
  const changed = sources.some((s) => s.outcome === 'updated') || version_changes.length > 0;
  if (changed) enrichSoon(deps);
  const remote = sources.filter((s) => s.outcome !== 'scanned' && s.outcome !== 'invalid');
  if (remote.length && remote.every((s) => s.outcome === 'failed')) {
    throw new AppError('REGISTRY_UNAVAILABLE', { context: { sources } });
  }
  return { sources, plugin_count: deps.store.catalog().entries.length, changed, version_changes };
}
