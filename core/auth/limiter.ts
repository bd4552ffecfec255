/**
 * Counts attempts in a sliding window, per key and over all keys, so a pairing code cannot be
 * guessed: one client is slowed down, and many clients together are too. Memory is bounded: at
 * most `limit` times per key, and the oldest keys are forgotten past `maxKeys`.
 */
import type { Clock } from '../platform/clock.ts';

export interface WindowLimit {
  limit: number;
  windowMs: number;
}

export interface LimiterOptions {
  clock: Clock;
  perKey: WindowLimit;
  overall: WindowLimit;
  maxKeys?: number;
}

/** Whether one more attempt is allowed now; when not, how long until it is. */
export type Verdict = { allowed: true } | { allowed: false; retryAfterMs: number; scope: 'client' | 'overall' };

function recent(times: number[], now: number, windowMs: number): number[] {
  let i = 0;
  while (i < times.length && times[i]! <= now - windowMs) i++;
  return i ? times.slice(i) : times;
}

export function createAttemptLimiter(opts: LimiterOptions) {
  const maxKeys = opts.maxKeys ?? 1_000;
  const byKey = new Map<string, number[]>();
  let all: number[] = [];

  const wait = (times: number[], rule: WindowLimit, now: number) =>
    times[times.length - rule.limit]! + rule.windowMs - now;

  return {
    check(key: string): Verdict {
      const now = opts.clock.now();
      all = recent(all, now, opts.overall.windowMs);
      const mine = recent(byKey.get(key) ?? [], now, opts.perKey.windowMs);
      if (mine.length >= opts.perKey.limit)
        return { allowed: false, retryAfterMs: wait(mine, opts.perKey, now), scope: 'client' };
      if (all.length >= opts.overall.limit)
        return { allowed: false, retryAfterMs: wait(all, opts.overall, now), scope: 'overall' };
      return { allowed: true };
    },
    record(key: string): void {
      const now = opts.clock.now();
      const mine = recent(byKey.get(key) ?? [], now, opts.perKey.windowMs);
      byKey.delete(key);
      byKey.set(key, [...mine, now].slice(-opts.perKey.limit));
      if (byKey.size > maxKeys) byKey.delete(byKey.keys().next().value!);
      all = [...recent(all, now, opts.overall.windowMs), now].slice(-opts.overall.limit);
    },
  };
}

export type AttemptLimiter = ReturnType<typeof createAttemptLimiter>;
