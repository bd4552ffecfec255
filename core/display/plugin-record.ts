import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { LossNotice } from '../hosts/supervisor.ts';
import {
  allowsCalls,
  recordCrash,
  recordFailure,
  recordSuccess,
  resetBreaker,
  tick,
  type Breaker,
  type FailureKind,
} from './breaker.ts';
import type { Supervision } from './health-store.ts';

/** Wait before calling again after the n-th failure in a row: 100 ms, doubling, at most 30 s. */
export const retryDelayMs = (failures: number) => Math.min(30_000, 100 * 2 ** Math.max(0, failures - 1));
/** Host deaths that are the plugin's own doing, counted towards quarantine; a missed deadline is a hang. */
const CRASHES = new Set(['crash', 'memory', 'protocol']);

/**
 * What the display keeps about one plugin's behaviour: its breaker and quarantine, its host's
 * restarts and last kill, and when it may be called again. Every change of state is logged and
 * handed to `onChange` (persisted at once).
 */
export function createPluginRecord(
  o: { clock: Clock; log: Logger; onChange(): void },
  breaker0: Breaker,
  supervision0: Supervision,
) {
  let breaker = breaker0;
  let supervision = supervision0;
  let retryAt = 0;

  function set(next: Breaker) {
    const changed = next.state !== breaker.state || next.quarantinedAt !== breaker.quarantinedAt;
    breaker = next;
    if (!changed) return;
    const { state, consecutiveFailures: consecutive_failures } = next;
    o.log.warn('circuit breaker changed', { state, quarantined: next.quarantinedAt !== null, consecutive_failures });
    o.onChange();
  }

  function fail(kind: FailureKind, error: string) {
    const now = o.clock.now();
    set(recordFailure(breaker, kind, error, now));
    o.log.warn('plugin failed', { kind, error, consecutive_failures: breaker.consecutiveFailures });
    // Over its CPU budget it is slowed, not paused.
    if (kind !== 'cpu') retryAt = now + retryDelayMs(breaker.consecutiveFailures);
  }

  return {
    fail,
    succeed: (kind: 'update' | 'render' | 'load' | 'cpu') => set(recordSuccess(breaker, kind, o.clock.now())),
    /** Its host went away: a restart to count, and if it was the cause, a failure (and maybe a crash). */
    lost(n: LossNotice) {
      const now = o.clock.now();
      supervision = { restarts: supervision.restarts + 1, lastKillReason: n.reason, lastKillAt: now };
      if (n.blamed) {
        if (CRASHES.has(n.kind)) set(recordCrash(breaker, now));
        // Counted as a failure of the call that was running: only that call's success clears it.
        const during = n.during === 'update' || n.during === 'render' || n.during === 'load' ? n.during : 'host';
        fail(during, n.reason);
      } else retryAt = now;
      o.onChange();
    },
    tick: (now: number, cooldownMs: number) => set(tick(breaker, now, cooldownMs)),
    reset() {
      set(resetBreaker(breaker));
      retryAt = 0;
    },
    allows: () => allowsCalls(breaker),
    quarantined: () => breaker.quarantinedAt !== null,
    mayCall: (now: number) => now >= retryAt,
    retryAt: () => retryAt,
    breaker: () => breaker,
    supervision: () => supervision,
  };
}

export type PluginRecord = ReturnType<typeof createPluginRecord>;
