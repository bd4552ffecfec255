/**
 * Capped exponential backoff: `min(cap, base * factor^(attempt-1))`, then jittered down by up to
 * `jitter` of itself so that many failing callers do not retry in step. Pure: the random draw is
 * an argument.
 *
 * Table for the defaults (base 1 s, factor 2, cap 60 s), before jitter:
 *
 * | attempt | delay  |
 * |---------|--------|
 * | 1       | 1 s    |
 * | 2       | 2 s    |
 * | 3       | 4 s    |
 * | 4       | 8 s    |
 * | 5       | 16 s   |
 * | 6       | 32 s   |
 * | 7+      | 60 s   |
 *
 * With jitter 0.2 and random r in [0, 1), the delay is `d * (1 - 0.2 * r)`: between 80% and 100%
 * of the table value, never above the cap.
 */
export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  capMs: number;
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 1_000, factor: 2, capMs: 60_000, jitter: 0.2 });

export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random = 0): number {
  // A NaN delay makes setTimeout fire at once: a bad counter or draw must not make a retry loop spin.
  const n = Number.isNaN(attempt) ? 1 : Math.max(1, Math.floor(attempt));
  // Exponent clamped so huge attempt counts cannot overflow to Infinity before the cap applies.
  const raw = policy.baseMs * Math.pow(policy.factor, Math.min(n - 1, 60));
  const capped = Math.min(policy.capMs, raw);
  const r = Number.isNaN(random) ? 0 : Math.min(Math.max(random, 0), 1);
  return Math.round(capped * (1 - policy.jitter * r));
}
