import type { BackoffPolicy } from '../../shared/backoff.ts';

/**
 * Retry delays for operations. Slower than the service default (1 s base) because what fails
 * transiently here is mostly the network during an install or an update: retrying after 1 s and
 * 2 s would use up three attempts inside a short outage, so the first retry waits 5 s and each
 * next one three times longer. Executors may pass their own policy.
 *
 * Table (base 5 s, factor 3, cap 10 min), before jitter; `attempt` is the attempt that failed:
 *
 * | attempt | next try after |
 * |---------|----------------|
 * | 1       | 5 s            |
 * | 2       | 15 s           |
 * | 3       | 45 s           |
 * | 4       | 135 s          |
 * | 5       | 405 s          |
 * | 6+      | 600 s (cap)    |
 *
 * Jitter 0.2: the delay is `d * (1 - 0.2 * r)` for random r in [0, 1), so 80–100% of the table.
 * With the default of 3 attempts an operation is tried at about 0 s, 5 s and 20 s.
 */
export const QUEUE_BACKOFF: BackoffPolicy = Object.freeze({ baseMs: 5_000, factor: 3, capMs: 600_000, jitter: 0.2 });

export const DEFAULT_MAX_ATTEMPTS = 3;
