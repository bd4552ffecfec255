/**
 * Asking for a registry refresh: always a `store-refresh` operation, keyed per source (or `all`).
 * Explicit requests (the API, the webhook) enqueue like any operation, and make a refresh waiting
 * for its retry due at once. Background requests (the schedule, a browse finding a source expired)
 * are only made for sources that are due, and never throw: a browse must not fail because the
 * queue is full. Whoever needs a source now (a first browse, an install) waits for one attempt of
 * its refresh, bounded by the outbound timeout; one backing off is not waited for.
 */
import { describeError } from '../platform/errors/redact.ts';
import type { EnqueueResult, Operation, Requester } from '../queue/types.ts';
import { isFresh } from './cache.ts';
import type { StoreEnv } from './env.ts';
import { STORE_REFRESH_KIND, storeRefreshKey } from './refresh-executor.ts';
import type { SourceState } from './service.ts';

type QueueEnv = Pick<StoreEnv, 'queue'>;

/** The refresh pending or running for a source, its own or one of all sources (the running one first). */
export function activeRefresh(env: QueueEnv, source?: string): Operation | null {
  const keys = source ? [storeRefreshKey(source), storeRefreshKey()] : [storeRefreshKey()];
  const ops = keys.flatMap((k) => env.queue.active(k)).filter((o) => o.kind === STORE_REFRESH_KIND);
  return ops.find((o) => o.status === 'running') ?? ops[0] ?? null;
}

/** When a refresh waiting for its retry (a source backing off after failures) runs next; null when none waits. */
export const retryAt = (op: Operation | null, now: number): number | null =>
  op?.status === 'pending' && op.runAt > now ? op.runAt : null;

const isRemote = (s: SourceState) => s.def.kind !== 'builtin' && !s.def.invalid;

/**
 * A remote source worth fetching now: valid, expired (or never fetched), not backing off (its
 * refresh waiting for a retry) and not being fetched. One whose refresh is already due counts: the
 * request joins it.
 */
export function isDue(env: QueueEnv, s: SourceState, now: number): boolean {
  if (!isRemote(s) || isFresh(s.row, now)) return false;
  const active = activeRefresh(env, s.def.id);
  return retryAt(active, now) === null && active?.status !== 'running';
}

/**
 * Enqueues a refresh of one source (or all); an identical pending request returns the same
 * operation, made due now if it waited for a retry (someone asked). A refresh of all sources is
 * tried once: each source it could not read gets a retry of its own.
 */
export function enqueueRefresh(
  env: Pick<StoreEnv, 'queue'>,
  source: string | undefined,
  requestedBy: Requester,
): EnqueueResult {
  const r = env.queue.enqueue({
    kind: STORE_REFRESH_KIND,
    key: storeRefreshKey(source),
    params: source ? { source } : {},
    requestedBy,
    ...(source ? {} : { maxAttempts: 1 }),
  });
  const hastened = r.coalesced ? env.queue.retryNow(r.operation.id) : null;
  return hastened ? { ...r, operation: hastened } : r;
}

/**
 * A background refresh of one source: the one pending or running (its own, or of all sources), else
 * a new one; null (logged) when it could not be queued.
 */
export function requestBackgroundRefresh(
  env: Pick<StoreEnv, 'queue' | 'log'>,
  source: string,
  requestedBy: Extract<Requester, 'schedule' | 'system'>,
): Operation | null {
  const active = activeRefresh(env, source);
  if (active) return active;
  try {
    return env.queue.enqueue({
      kind: STORE_REFRESH_KIND,
      key: storeRefreshKey(source),
      params: { source },
      requestedBy,
    }).operation;
  } catch (e) {
    env.log.warn('background registry refresh not queued', { source, error: describeError(e) });
    return null;
  }
}

/**
 * Waits for one attempt at refreshing `source`: the one under way, else a new one (a refresh
 * backing off is not waited for), bounded by the outbound timeout. Never throws for the refresh's
 * own failure: the caller reads the source's state afterwards.
 */
export async function awaitRefresh(
  env: Pick<StoreEnv, 'queue' | 'log' | 'clock' | 'settings'>,
  source: string,
  signal?: AbortSignal,
): Promise<void> {
  if (retryAt(activeRefresh(env, source), env.clock.now()) !== null) return;
  const op = requestBackgroundRefresh(env, source, 'system');
  if (op) await env.queue.waitForAttempt(op.id, env.settings.timeouts.outboundTotalMs, signal);
}

/**
 * The one time a browse waits for the network: sources never attempted (a cold cache, or a
 * repository just added), each for one attempt of its refresh. Callers arriving meanwhile share
 * the same operation; once it has tried, the source has a row and nobody waits for it again.
 */
export async function firstFetches(env: Pick<StoreEnv, 'registry' | 'queue' | 'log' | 'clock' | 'settings'>) {
  const cold = coldSources(env);
  if (cold.length) await Promise.all(cold.map((s) => awaitRefresh(env, s.def.id)));
}

/** Remote sources never attempted yet (what `firstFetches` waits for). */
export const coldSources = (env: Pick<StoreEnv, 'registry'>) =>
  env.registry.sources().filter((s) => isRemote(s) && !s.row);
