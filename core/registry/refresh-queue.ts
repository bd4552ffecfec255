/**
 * Asking for a registry refresh: always a `store-refresh` operation, keyed per source (or `all`).
 * Explicit requests (the API, the webhook) enqueue like any operation. Background requests (the
 * schedule, stale-while-revalidate) are only made for sources that are due, never pile up behind a
 * refresh already pending or running for the same source, and never throw: a browse must not fail
 * because the queue is full.
 */
import type { Deps } from '../deps.ts';
import { describeError } from '../platform/errors/redact.ts';
import type { EnqueueResult, Operation, Requester } from '../queue/types.ts';
import { inBackoff, isFresh } from './cache.ts';
import { STORE_REFRESH_KIND, storeRefreshKey } from './refresh-executor.ts';
import type { SourceState } from './service.ts';
import { sourceKey } from './sources.ts';

const ACTIVE = new Set<string>(['pending', 'running']);

/** A remote source worth fetching now: valid, expired (or never fetched), not backing off, not being fetched. */
export const isDue = (deps: Deps, s: SourceState, now: number) =>
  s.def.kind !== 'builtin' &&
  !s.def.invalid &&
  !isFresh(s.row, now) &&
  !inBackoff(s.row, now) &&
  !deps.registry.inflight(sourceKey(s.def.id));

/** Enqueues a refresh of one source (or all); an identical pending request returns the same operation. */
export function enqueueRefresh(deps: Deps, source: string | undefined, requestedBy: Requester): EnqueueResult {
  return deps.queue.enqueue({
    kind: STORE_REFRESH_KIND,
    key: storeRefreshKey(source),
    params: source ? { source } : {},
    requestedBy,
  });
}

/** The refresh pending or running on `key` (the running one first), if any. */
export function activeRefresh(deps: Deps, key: string): Operation | null {
  for (const status of ['running', 'pending'] as const) {
    const found = deps.queue.history({ key, kind: STORE_REFRESH_KIND, status, limit: 1 })[0];
    if (found) return found;
  }
  return null;
}

/** As `activeRefresh`, answered from the id last requested here while that operation is still active. */
function activeOn(deps: Deps, key: string): Operation | null {
  const known = deps.registry.refreshRequests.get(key);
  const op = known ? deps.queue.get(known) : null;
  if (op && ACTIVE.has(op.status)) return op;
  deps.registry.refreshRequests.delete(key);
  return activeRefresh(deps, key);
}

/**
 * A background refresh of one source: skipped while a refresh of it (or of all sources) is pending
 * or running; one attempt only, since the source's own backoff decides when to try again.
 */
export function requestBackgroundRefresh(
  deps: Deps,
  source: string,
  requestedBy: Extract<Requester, 'schedule' | 'system'>,
): Operation | null {
  const key = storeRefreshKey(source);
  try {
    const active = activeOn(deps, key) ?? activeOn(deps, storeRefreshKey());
    if (active) return active;
    const { operation } = deps.queue.enqueue({
      kind: STORE_REFRESH_KIND,
      key,
      params: { source },
      requestedBy,
      maxAttempts: 1,
    });
    deps.registry.refreshRequests.set(key, operation.id);
    return operation;
  } catch (e) {
    deps.log.warn('background registry refresh not queued', { source, error: describeError(e) });
    return null;
  }
}
