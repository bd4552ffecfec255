/** How fresh a store answer is: its oldest confirmation, whether any source is stale, what failed. */
import { isFresh } from './cache.ts';
import type { StoreEnv } from './env.ts';
import { activeRefresh, retryAt } from './refresh-queue.ts';
import type { SourceState } from './service.ts';

export type FreshnessEnv = Pick<StoreEnv, 'registry' | 'queue' | 'clock'>;

const isRemote = (s: SourceState) => s.def.kind !== 'builtin' && !s.def.invalid;
const iso = (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : null);
const remoteSources = (env: Pick<StoreEnv, 'registry'>) =>
  env.registry.sources().filter((s) => s.def.kind !== 'builtin');
const failing = (s: SourceState) => !!s.def.invalid || (s.row?.failures ?? 0) > 0;

/** When a failing source is tried again: its refresh waiting for a retry, if one does. */
const nextAttempt = (env: FreshnessEnv, s: SourceState, now: number) => iso(retryAt(activeRefresh(env, s.def.id), now));

export function freshness(env: FreshnessEnv) {
  const now = env.clock.now();
  const remote = remoteSources(env);
  const confirmed = remote.map((s) => s.row?.fetchedAt).filter((t): t is number => !!t && t > 0);
  const source_errors = remote.filter(failing).map((s) => ({
    source: s.def.id,
    name: s.def.name,
    code: s.def.invalid ? 'URL_NOT_ALLOWED' : s.row!.lastErrorCode,
    message: s.def.invalid ?? s.row!.lastError,
    failed_at: iso(s.row?.lastErrorAt),
    failures: s.row?.failures ?? 0,
    has_copy: !!s.parsed,
    next_attempt_at: nextAttempt(env, s, now),
  }));
  return {
    fetched_at: confirmed.length ? iso(Math.min(...confirmed)) : null,
    stale: remote.some((s) => isRemote(s) && !isFresh(s.row, now)),
    source_errors,
  };
}

/**
 * Until when `freshness` stays what it is now while no source's row changes: the next expiry of a
 * fresh source. Null when it must be asked each time: a failing source's next attempt is the
 * queue's, which moves without its row.
 */
export function freshnessUntil(env: FreshnessEnv): number | null {
  const now = env.clock.now();
  let until = Infinity;
  for (const s of remoteSources(env)) {
    if (failing(s)) return null;
    if (isRemote(s) && isFresh(s.row, now)) until = Math.min(until, s.row!.expiresAt!);
  }
  return until;
}
