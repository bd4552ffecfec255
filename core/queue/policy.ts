import { canonicalJson } from './json.ts';
import type { Executor, Operation } from './types.ts';

/** What the per-key rule needs to know of a kind's executor. */
export type KindRules = Pick<Executor, 'merge' | 'yields'>;

export type KeyDecision =
  | { action: 'insert'; supersede?: Operation }
  | { action: 'coalesce'; onto: Operation }
  | { action: 'merge'; onto: Operation; params: string }
  | { action: 'conflict'; blocking: Operation };

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
 *
 * Executors may relax the "different request" column. A kind with `merge` treats every request of
 * its own kind as identical, the pending operation taking the merged params. A pending operation
 * of a kind that `yields` is superseded by a request of any other kind, which is then decided as if
 * it had not been there (against the running operation, if any).
 */
export function decideForKey(
  active: readonly Operation[],
  kind: string,
  params: string,
  rulesOf: (kind: string) => KindRules | undefined = () => undefined,
): KeyDecision {
  const pending = active.find((o) => o.status === 'pending');
  const running = active.find((o) => o.status === 'running');
  const merge = rulesOf(kind)?.merge;
  const same = (o: Operation) => o.kind === kind && (JSON.stringify(o.params) === params || !!merge);
  if (pending && same(pending)) {
    const merged = merge ? canonicalJson(merge(pending.params, JSON.parse(params)), 'params') : params;
    return merged === JSON.stringify(pending.params)
      ? { action: 'coalesce', onto: pending }
      : { action: 'merge', onto: pending, params: merged };
  }
  if (pending && !(pending.kind !== kind && rulesOf(pending.kind)?.yields))
    return { action: 'conflict', blocking: pending };
  if (running && !same(running)) return { action: 'conflict', blocking: running };
  return pending ? { action: 'insert', supersede: pending } : { action: 'insert' };
}
