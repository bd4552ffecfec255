import type { Operation } from './types.ts';

export type KeyDecision =
  { action: 'insert' } | { action: 'coalesce'; onto: Operation } | { action: 'conflict'; blocking: Operation };

/**
 * The per-key rule, "one pending and one running per key". `active` holds the key's pending and
 * running rows (at most one of each, guaranteed by unique indexes); `params` is canonical JSON.
 *
 * | key has             | identical request (same kind, params) | different request |
 * |---------------------|---------------------------------------|-------------------|
 * | nothing active      | insert                                | insert            |
 * | a pending operation | coalesce onto it (same id)            | conflict (409)    |
 * | only a running one  | insert one pending follow-up          | conflict (409)    |
 *
 * An identical request while one runs is queued, not merged: the running attempt may already have
 * read the state the caller has just changed, so its result would not answer the new request.
 */
export function decideForKey(active: readonly Operation[], kind: string, params: string): KeyDecision {
  const pending = active.find((o) => o.status === 'pending');
  const running = active.find((o) => o.status === 'running');
  const same = (o: Operation) => o.kind === kind && JSON.stringify(o.params) === params;
  if (pending) return same(pending) ? { action: 'coalesce', onto: pending } : { action: 'conflict', blocking: pending };
  if (running) return same(running) ? { action: 'insert' } : { action: 'conflict', blocking: running };
  return { action: 'insert' };
}
