/**
 * The `store-refresh` operation: refreshes one registry source, or all of them, then asks for
 * GitHub enrichment when something changed and recomputes which installed plugins have an update.
 * Every run fetches (a 304 costs nothing): requesters enqueue only sources that are due, so
 * identical requests coalesce on the key. A source's backoff is its refresh's retry: a refresh of
 * one source that fails is retried (30 s doubling to 30 min, never less than the upstream's
 * Retry-After) until it succeeds; a refresh of all of them gives each failed source such a
 * retry of its own. It runs in a lane of its own, so a browse waiting for it never waits behind an
 * install.
 */
import * as v from 'valibot';
import { backoffDelay } from '../../shared/backoff.ts';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import type { Executor, ExecutorContext, JsonValue } from '../queue/types.ts';
import type { StoreEnv } from './env.ts';
import { enrichSoon } from './github/enrich.ts';
import { REGISTRY_BACKOFF, refreshSource, type RefreshOutcome, type RefreshReason } from './refresh.ts';
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

/**
 * Published after a refresh a registry's webhook asked for, changed or not (a 304 publishes no
 * `registry.changed`): the registry said something happened, so the reconciler takes a look.
 */
export const REGISTRY_PUSHED = 'registry.pushed';

type RefreshRunEnv = Pick<StoreEnv, 'registry' | 'queue' | 'db' | 'clock' | 'settings' | 'log' | 'http' | 'events'>;

async function refreshOne(env: RefreshRunEnv, id: string, reason: RefreshReason, signal: AbortSignal) {
  try {
    return await refreshSource(env, id, { signal, force: true, reason });
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
      retry_after_ms: null,
      next_attempt_at: null,
    };
    return outcome;
  }
}

/** A refresh of one source that failed: transient, so the queue retries it after the backoff. */
function unavailable(o: RefreshOutcome): AppError {
  const wait = o.retry_after_ms === null ? undefined : { 'Retry-After': String(Math.ceil(o.retry_after_ms / 1000)) };
  return new AppError('REGISTRY_UNAVAILABLE', {
    message: `Registry source ${o.source_id} unavailable: ${o.error?.message ?? 'unknown error'}`,
    context: { sources: [o] },
    headers: wait,
  });
}

/** Each source a refresh of all of them could not read gets a retry of its own, after the backoff. */
function retryFailed(env: Pick<StoreEnv, 'queue' | 'clock'>, outcomes: RefreshOutcome[]): void {
  for (const o of outcomes.filter((x) => x.outcome === 'failed')) {
    const wait = Math.max(backoffDelay(1, REGISTRY_BACKOFF), o.retry_after_ms ?? 0);
    const { operation } = env.queue.enqueue({
      kind: STORE_REFRESH_KIND,
      key: storeRefreshKey(o.source_id),
      params: { source: o.source_id },
      requestedBy: 'system',
      runAt: env.clock.now() + wait,
    });
    o.next_attempt_at = new Date(operation.runAt).toISOString();
  }
}

export async function runStoreRefresh(
  env: RefreshRunEnv,
  params: unknown,
  opts: { signal: AbortSignal; progress: Progress; reason?: RefreshReason },
): Promise<StoreRefreshResult> {
  const p = v.parse(storeRefreshParams, params);
  const ids = p.source ? [p.source] : env.registry.sources().map((s) => s.def.id);
  opts.progress(0, `refreshing ${ids.length} source${ids.length === 1 ? '' : 's'}`);
  let done = 0;
  const sources = await Promise.all(
    ids.map(async (id) => {
      const outcome = await refreshOne(env, id, opts.reason ?? 'refresh', opts.signal);
      opts.progress(++done / ids.length, `${id}: ${outcome.outcome}`);
      return outcome;
    }),
  );
  opts.signal.throwIfAborted();
  if (p.source && sources[0]!.outcome === 'failed') throw unavailable(sources[0]!);
  if (!p.source) retryFailed(env, sources);
  const version_changes = sources.flatMap((s) => s.version_changes.map((c) => ({ ...c, source_id: s.source_id })));
  const changed = sources.some((s) => s.changed);
  if (changed) enrichSoon(env);
  const remote = sources.filter((s) => s.outcome !== 'scanned' && s.outcome !== 'invalid');
  const failed = remote.filter((s) => s.outcome === 'failed').length;
  if (remote.length && failed === remote.length) throw new AppError('REGISTRY_UNAVAILABLE', { context: { sources } });
  const plugin_count = env.registry.catalog().entries.length;
  const message =
    `Plugin store refreshed: ${plugin_count} plugin${plugin_count === 1 ? '' : 's'}` +
    (failed ? `, ${failed} source${failed === 1 ? '' : 's'} unavailable` : '');
  return { message, sources, plugin_count, changed, version_changes, updates_available: updatesAvailable(env) };
}

/** Registered at composition with what it works with: `queue.register(storeRefreshExecutor(env))`. */
export const storeRefreshExecutor = (env: RefreshRunEnv): Executor => ({
  kind: STORE_REFRESH_KIND,
  timeoutMs: STORE_REFRESH_TIMEOUT_MS,
  maxAttempts: Infinity,
  backoff: REGISTRY_BACKOFF,
  // A browse may wait for one source while another refreshes; installs never take these slots.
  concurrency: 2,
  keepFinished: 100,
  run: async ({ op, params, signal, progress }: ExecutorContext) => {
    const reason: RefreshReason = op.requestedBy === 'webhook' ? 'webhook' : 'refresh';
    const result = await runStoreRefresh(env, params, { signal, progress, reason });
    if (reason === 'webhook') env.events.publish(REGISTRY_PUSHED, { operation_id: op.id, changed: result.changed });
    return result as unknown as JsonValue;
  },
});
