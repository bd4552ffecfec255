/**
 * What Marquee knows about its GitHub budget: the rate-limit figures from the last answer, a block
 * until a time GitHub asked for (Retry-After, or the reset of an exhausted limit), and whether the
 * token worked. Persisted, so a restart does not spend calls GitHub already refused.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client.ts';
import { storeCache } from '../../../db/schema.ts';
import { readRow } from '../cache.ts';
import { RATE_KEY } from './facts.ts';

export const TOKEN_STATUSES = ['none', 'unknown', 'valid', 'invalid'] as const;
export type TokenStatus = (typeof TOKEN_STATUSES)[number];

export interface RateState {
  limit: number | null;
  remaining: number | null;
  used: number | null;
  /** When the current window resets (ms since epoch). */
  resetAt: number | null;
  observedAt: number | null;
  blockedUntil: number | null;
  blockReason: string | null;
  tokenStatus: TokenStatus;
  tokenCheckedAt: number | null;
  /** Which token the status is about (a hash prefix, never the token). */
  tokenFingerprint: string | null;
}

/** Calls kept in reserve: enrichment stops before the last few, so installs and status checks still work. */
export const RESERVE = 5;

const EMPTY: RateState = {
  limit: null,
  remaining: null,
  used: null,
  resetAt: null,
  observedAt: null,
  blockedUntil: null,
  blockReason: null,
  tokenStatus: 'unknown',
  tokenCheckedAt: null,
  tokenFingerprint: null,
};

export function loadRateState(db: Db): RateState {
  const body = readRow(db, RATE_KEY)?.body;
  try {
    return { ...EMPTY, ...(body ? (JSON.parse(body) as Partial<RateState>) : {}) };
  } catch {
    return { ...EMPTY };
  }
}

export function saveRateState(db: Db, state: RateState, now: number): void {
  const body = JSON.stringify(state);
  db.orm
    .insert(storeCache)
    .values({ key: RATE_KEY, body, fetchedAt: now })
    .onConflictDoUpdate({ target: storeCache.key, set: { body, fetchedAt: now } })
    .run();
}

export const fingerprint = (token: string | null) =>
  token ? createHash('sha256').update(token).digest('hex').slice(0, 12) : null;

/** Reads GitHub's `x-ratelimit-*` headers into the state (any answer carries them, 304s too). */
export function observeRate(state: RateState, headers: Pick<Headers, 'get'>, now: number): void {
  const num = (name: string) => {
    const raw = headers.get(name);
    return raw !== null && /^\d+$/.test(raw) ? Number(raw) : null;
  };
  const limit = num('x-ratelimit-limit');
  if (limit === null) return;
  state.limit = limit;
  state.remaining = num('x-ratelimit-remaining');
  state.used = num('x-ratelimit-used');
  const reset = num('x-ratelimit-reset');
  state.resetAt = reset === null ? null : reset * 1000;
  state.observedAt = now;
}

export function block(state: RateState, until: number, reason: string): void {
  if ((state.blockedUntil ?? 0) >= until) return;
  state.blockedUntil = until;
  state.blockReason = reason;
}

/** Whether another call may be made now: not blocked, and the budget is above the reserve. */
export function mayCall(state: RateState, now: number): { ok: true } | { ok: false; until: number; why: string } {
  if (state.blockedUntil && state.blockedUntil > now) {
    return { ok: false, until: state.blockedUntil, why: state.blockReason ?? 'blocked' };
  }
  if (state.remaining !== null && state.remaining <= RESERVE && state.resetAt && state.resetAt > now) {
    return { ok: false, until: state.resetAt, why: `rate limit nearly used (${state.remaining} left)` };
  }
  return { ok: true };
}
