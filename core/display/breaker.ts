/**
 * The per-plugin circuit breaker, as pure transitions. Update and render failures feed one
 * counter: 3 consecutive failures open it; after 5 minutes one trial is allowed (half-open); the
 * trial's success closes it, its failure opens it again for another 5 minutes. A success resets
 * the counter only when it is of the kind that failed: frames drawn from old data do not hide an
 * update that fails every time (a thread that died is cleared by any success).
 */
export type FailureKind = 'update' | 'render' | 'thread';

export const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;
export type BreakerState = (typeof BREAKER_STATES)[number];

export interface Breaker {
  state: BreakerState;
  consecutiveFailures: number;
  totalFailures: number;
  openedAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  lastSuccessAt: number | null;
  failureKind: FailureKind | null;
}

export const BREAKER_THRESHOLD = 3;
export const BREAKER_COOLDOWN_MS = 5 * 60_000;

export const closedBreaker = (): Breaker => ({
  state: 'closed',
  consecutiveFailures: 0,
  totalFailures: 0,
  openedAt: null,
  lastError: null,
  lastErrorAt: null,
  lastSuccessAt: null,
  failureKind: null,
});

export function recordFailure(
  b: Breaker,
  kind: FailureKind,
  error: string,
  now: number,
  threshold = BREAKER_THRESHOLD,
): Breaker {
  const consecutiveFailures = b.consecutiveFailures + 1;
  const opens = b.state === 'half_open' || (b.state === 'closed' && consecutiveFailures >= threshold);
  return {
    ...b,
    consecutiveFailures,
    totalFailures: b.totalFailures + 1,
    lastError: `${kind}: ${error}`,
    lastErrorAt: now,
    failureKind: kind,
    state: opens ? 'open' : b.state,
    openedAt: opens ? now : b.openedAt,
  };
}

export function recordSuccess(b: Breaker, kind: Exclude<FailureKind, 'thread'>, now: number): Breaker {
  const clears =
    b.consecutiveFailures > 0 && (b.failureKind === kind || b.failureKind === 'thread' || b.failureKind === null);
  if (!clears) return { ...b, lastSuccessAt: now };
  return { ...b, state: 'closed', consecutiveFailures: 0, openedAt: null, lastSuccessAt: now, failureKind: null };
}

/** Moves an open breaker whose cooldown has passed to half-open (the trial). */
export function tick(b: Breaker, now: number, cooldownMs = BREAKER_COOLDOWN_MS): Breaker {
  if (b.state === 'open' && b.openedAt !== null && now - b.openedAt >= cooldownMs) return { ...b, state: 'half_open' };
  return b;
}

/** A reset from the user: closed with no consecutive failures (the totals stay as history). */
export const resetBreaker = (b: Breaker): Breaker => ({
  ...b,
  state: 'closed',
  consecutiveFailures: 0,
  openedAt: null,
});

export const allowsCalls = (b: Breaker) => b.state !== 'open';
