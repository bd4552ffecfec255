/**
 * The per-plugin circuit breaker, as pure transitions. Failures of every kind feed one counter:
 * 3 consecutive failures open it; so does a plugin failing more than half of its last 10 calls
 * (one that alternates success and failure never makes 3 in a row). After the cooldown one trial
 * is allowed (half-open); the trial's success closes it, its failure opens it again for another
 * cooldown. A success resets the counter only when it is of the kind that failed: frames drawn from
 * old data do not hide an update that fails every time (a lost host is cleared by any success).
 *
 * Quarantine is separate and stronger: a plugin that crashes its host 3 times in 10 minutes is
 * stopped until a person resets it; no cooldown ends it.
 */
/** `thread` is a kind stored rows may hold from earlier versions; it reads as `host`. */
export type FailureKind = 'update' | 'render' | 'load' | 'host' | 'cpu' | 'thread';

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
  /** Outcomes of the last calls, newest last (true: failed), at most RECENT_CALLS. */
  recent: boolean[];
  /** When the plugin was quarantined (null: it is not). */
  quarantinedAt: number | null;
  /** When it crashed its host, within the quarantine window. */
  crashes: number[];
}

export const BREAKER_THRESHOLD = 3;
export const BREAKER_COOLDOWN_MS = 5 * 60_000;
export const RECENT_CALLS = 10;
export const QUARANTINE_CRASHES = 3;
export const QUARANTINE_WINDOW_MS = 10 * 60_000;

export const closedBreaker = (): Breaker => ({
  state: 'closed',
  consecutiveFailures: 0,
  totalFailures: 0,
  openedAt: null,
  lastError: null,
  lastErrorAt: null,
  lastSuccessAt: null,
  failureKind: null,
  recent: [],
  quarantinedAt: null,
  crashes: [],
});

const remember = (recent: boolean[], failed: boolean) => [...recent, failed].slice(-RECENT_CALLS);
const mostlyFailing = (recent: boolean[]) =>
  recent.length === RECENT_CALLS && recent.filter(Boolean).length * 2 >= RECENT_CALLS;

/** `call` false: not a call's outcome (a CPU budget check), so the last-10 record is untouched. */
export function recordFailure(
  b: Breaker,
  kind: FailureKind,
  error: string,
  now: number,
  threshold = BREAKER_THRESHOLD,
  call = kind !== 'cpu',
): Breaker {
  const consecutiveFailures = b.consecutiveFailures + 1;
  const recent = call ? remember(b.recent, true) : b.recent;
  const opens =
    b.state === 'half_open' || (b.state === 'closed' && (consecutiveFailures >= threshold || mostlyFailing(recent)));
  return {
    ...b,
    consecutiveFailures,
    totalFailures: b.totalFailures + 1,
    lastError: `${kind}: ${error}`,
    lastErrorAt: now,
    failureKind: kind,
    recent,
    state: opens ? 'open' : b.state,
    openedAt: opens ? now : b.openedAt,
  };
}

/**
 * A call that succeeded. A load clears only a failed load (a plugin that kills its host on every
 * frame loads fine each time) and is not one of the calls counted in `recent`.
 */
export function recordSuccess(b: Breaker, kind: Exclude<FailureKind, 'thread' | 'host'>, now: number): Breaker {
  const counted = kind !== 'cpu' && kind !== 'load';
  const recent = counted ? remember(b.recent, false) : b.recent;
  const lost = b.failureKind === 'thread' || b.failureKind === 'host' || b.failureKind === null;
  const clears = b.consecutiveFailures > 0 && (b.failureKind === kind || (counted && lost));
  const lastSuccessAt = kind === 'cpu' ? b.lastSuccessAt : now;
  if (!clears) return { ...b, recent, lastSuccessAt };
  return { ...b, recent, state: 'closed', consecutiveFailures: 0, openedAt: null, lastSuccessAt, failureKind: null };
}

/** The plugin crashed its host (counted besides the failure itself); the third in the window quarantines it. */
export function recordCrash(b: Breaker, now: number): Breaker {
  const crashes = [...b.crashes.filter((t) => now - t < QUARANTINE_WINDOW_MS), now];
  const quarantine = b.quarantinedAt === null && crashes.length >= QUARANTINE_CRASHES;
  return { ...b, crashes, quarantinedAt: quarantine ? now : b.quarantinedAt };
}

/** Moves an open breaker whose cooldown has passed to half-open (the trial). */
export function tick(b: Breaker, now: number, cooldownMs = BREAKER_COOLDOWN_MS): Breaker {
  if (b.state === 'open' && b.openedAt !== null && now - b.openedAt >= cooldownMs) return { ...b, state: 'half_open' };
  return b;
}

/** A reset from a person: closed, out of quarantine, with no recent failures (the totals stay as history). */
export const resetBreaker = (b: Breaker): Breaker => ({
  ...b,
  state: 'closed',
  consecutiveFailures: 0,
  openedAt: null,
  failureKind: null,
  recent: [],
  quarantinedAt: null,
  crashes: [],
});

export const allowsCalls = (b: Breaker) => b.state !== 'open' && b.quarantinedAt === null;
