/**
 * The `store-refresh` operation: refreshes one registry source, or all of them, then starts GitHub
 * enrichment when something changed and recomputes which installed plugins have an update. Every
 * run fetches (a 304 costs nothing): background requesters enqueue only sources that are due, so
 * identical requests from any requester coalesce on the key instead of conflicting over a flag.
 * A run where every remote source failed throws REGISTRY_UNAVAILABLE (transient: retried).
 */
import * as v from 'valibot';
import type { Deps } from '../deps.ts';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import type { Executor, ExecutorContext, JsonValue } from '../queue/types.ts';
import { enrichSoon } from './github/enrich.ts';
import { refreshSource, type RefreshOutcome, type RefreshReason } from './refresh.ts';
import { updatesAvailable, type UpdateAvailable } from './updates.ts';

export const STORE_REFRESH_KIND = 'store-refresh';

/**
 * A backstop only: each fetch is bounded by the outbound timeouts, and a GitHub repository source
 * tries at most four URLs in turn.
 */
export const STORE_REFRESH_TIMEOUT_MS = 5 * 60_000;

export const storeRefreshParams = v.strictObject({
  /** The source to refresh; absent means every source. */
  source: v.optional(v.pipe(v.string(), v.minLength(1))),
});

export type StoreRefreshParams = v.InferOutput<typeof storeRefreshParams>;

/** `store-refresh:<source id>` or `store-refresh:all`: one pending and one running refresh per key. */
export const storeRefreshKey = (source?: string) => `store-refresh:${source ?? 'all'}`;

export type Progress = (fraction: number, stage: string) => void;

export interface StoreRefreshResult {
  message: string;
  sources: RefreshOutcome[];
  plugin_count: number;
  /** Whether any registry document's content changed (`registry.changed` was published for each). */
  changed: boolean;
  version_changes: Array<RefreshOutcome['version_changes'][number] & { source_id: string }>;
  /** Installed plugins with a newer registry version, as of this refresh. */
  updates_available: UpdateAvailable[];
}

async function refreshOne(deps: Deps, id: string, reason: RefreshReason, signal: AbortSignal) {
  try {
    return await refreshSource(deps, id, { signal, force: true, reason });
  } catch (e) {
    // A source removed between the request and the run is reported, not fatal for the others.
    if (!isAppError(e) || e.code !== 'NOT_FOUND') throw e;
    const outcome: RefreshOutcome = {
      source_id: id,
      outcome: 'invalid',
      changed: false,
      entries: 0,
      skipped: 0,
      version_changes: [],
      error: { code: e.code, message: e.message },
      next_attempt_at: null,
    };
    return outcome;
  }
}

export async function runStoreRefresh(
  deps: Deps,
  params: unknown,
  opts: { signal: AbortSignal; progress: Progress; reason?: RefreshReason },
): Promise<StoreRefreshResult> {
  const p = v.parse(storeRefreshParams, params);
  const ids = p.source ? [p.source] : deps.registry.sources().map((s) => s.def.id);
  opts.progress(0, `refreshing ${ids.length} source${ids.length === 1 ? '' : 's'}`);
  let done = 0;
  const sources = await Promise.all(
    ids.map(async (id) => {
      const outcome = await refreshOne(deps, id, opts.reason ?? 'refresh', opts.signal);
      opts.progress(++done / ids.length, `${id}: ${outcome.outcome}`);
      return outcome;
    }),
  );
  opts.signal.throwIfAborted();
  const version_changes = sources.flatMap((s) => s.version_changes.map((c) => ({ ...c, source_id: s.source_id })));
  const changed = sources.some((s) => s.changed);
  if (changed) enrichSoon(deps);
  const remote = sources.filter((s) => s.outcome !== 'scanned' && s.outcome !== 'invalid');
  if (remote.length && remote.every((s) => s.outcome === 'failed')) {
    throw new AppError('REGISTRY_UNAVAILABLE', { context: { sources } });
  }
  const plugin_count = deps.registry.catalog().entries.length;
  const updates_available = updatesAvailable(deps);
  const failed = remote.filter((s) => s.outcome === 'failed').length;
  const message =
    `Plugin store refreshed: ${plugin_count} plugin${plugin_count === 1 ? '' : 's'}` +
    (failed ? `, ${failed} source${failed === 1 ? '' : 's'} unavailable` : '');
  return { message, sources, plugin_count, changed, version_changes, updates_available };
}

/**
 * Published after a refresh a registry's webhook asked for, changed or not (a 304 publishes no
 * `registry.changed`): the registry said something happened, so the reconciler takes a look.
 */
export const REGISTRY_PUSHED = 'registry.pushed';

/** Registered at composition: `queue.register(storeRefreshExecutor(deps))`. */
export const storeRefreshExecutor = (deps: Deps): Executor => ({
  kind: STORE_REFRESH_KIND,
  timeoutMs: STORE_REFRESH_TIMEOUT_MS,
  run: async ({ op, params, signal, progress }: ExecutorContext) => {
    const reason: RefreshReason = op.requestedBy === 'webhook' ? 'webhook' : 'refresh';
    const result = await runStoreRefresh(deps, params, { signal, progress, reason });
    if (reason === 'webhook') deps.events.publish(REGISTRY_PUSHED, { operation_id: op.id, changed: result.changed });
    return result as unknown as JsonValue;
  },
});
