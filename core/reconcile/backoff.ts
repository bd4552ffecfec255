/**
 * How long a plugin's repair operation waits after a failed attempt (its retry policy): 30 s
 * doubling, capped at 6 hours, so a plugin that cannot be repaired for a long time costs at most one
 * attempt per 6 hours, and one that failed during an outage is retried soon after it ends. No
 * jitter: repairs are per plugin and few, so there is no herd to spread.
 *
 * | attempts so far | next attempt after |
 * |-----------------|--------------------|
 * | 1               | 30 s               |
 * | 2               | 1 min              |
 * | 3               | 2 min              |
 * | 4               | 4 min              |
 * | 5               | 8 min              |
 * | 6               | 16 min             |
 * | 7               | 32 min             |
 * | 8               | 64 min             |
 * | 9               | 128 min            |
 * | 10              | 256 min            |
 * | 11+             | 6 h (cap)          |
 */
import { backoffDelay, type BackoffPolicy } from '../../shared/backoff.ts';

export const REPAIR_BACKOFF: BackoffPolicy = Object.freeze({
  baseMs: 30_000,
  factor: 2,
  capMs: 6 * 3_600_000,
  jitter: 0,
});

/** Delay before the next attempt, given how many attempts have been made (1 after the first). */
export const repairDelay = (attempts: number): number => backoffDelay(attempts, REPAIR_BACKOFF);
