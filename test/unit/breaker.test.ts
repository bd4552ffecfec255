import { describe, expect, it } from 'vitest';
import {
  allowsCalls,
  closedBreaker,
  QUARANTINE_WINDOW_MS,
  recordCrash,
  recordFailure,
  recordSuccess,
  resetBreaker,
  tick,
  type Breaker,
} from '../../core/display/breaker.ts';

describe('circuit breaker', () => {
  it('opens after 3 consecutive failures, half-opens after the cooldown, closes on the trial success', () => {
    let b = closedBreaker();
    for (let i = 0; i < 2; i++) b = recordFailure(b, 'render', 'boom', 1_000);
    expect(b.state).toBe('closed');
    b = recordFailure(b, 'render', 'boom', 1_000);
    expect(b).toMatchObject({ state: 'open', openedAt: 1_000, consecutiveFailures: 3, lastError: 'render: boom' });
    expect(allowsCalls(b)).toBe(false);
    expect(tick(b, 1_000 + 299_999).state).toBe('open');
    b = tick(b, 1_000 + 300_000);
    expect(b.state).toBe('half_open');
    expect(recordSuccess(b, 'render', 400_000)).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
  });

  it('a failed trial opens it again for a full cooldown', () => {
    let b = closedBreaker();
    for (let i = 0; i < 3; i++) b = recordFailure(b, 'update', 'x', 0);
    b = recordFailure(tick(b, 300_000), 'update', 'x', 300_000);
    expect(b).toMatchObject({ state: 'open', openedAt: 300_000, totalFailures: 4 });
  });

  it('a success of another kind does not clear failures (old frames do not hide a failing update)', () => {
    let b = recordFailure(recordFailure(closedBreaker(), 'update', 'x', 0), 'update', 'x', 0);
    b = recordSuccess(b, 'render', 1);
    expect(b.consecutiveFailures).toBe(2);
    expect(recordSuccess(b, 'update', 2).consecutiveFailures).toBe(0);
    expect(recordSuccess(recordFailure(closedBreaker(), 'thread', 'died', 0), 'render', 1).consecutiveFailures).toBe(0);
  });

  it('a reset closes it and keeps the totals', () => {
    let b = closedBreaker();
    for (let i = 0; i < 3; i++) b = recordFailure(b, 'render', 'x', 0);
    expect(resetBreaker(b)).toMatchObject({ state: 'closed', consecutiveFailures: 0, totalFailures: 3 });
  });

  it('opens for a plugin failing at least half of its last 10 calls (alternating), though never 3 in a row', () => {
    let b = closedBreaker();
    const outcomes: boolean[] = [];
    for (let i = 0; b.state === 'closed' && i < 40; i++) {
      const fails = i % 2 === 0;
      outcomes.push(fails);
      b = fails ? recordFailure(b, 'render', 'x', i) : recordSuccess(b, 'render', i);
      expect(b.consecutiveFailures).toBeLessThan(3);
    }
    expect(b.state).toBe('open');
    // Opened once the last 10 calls held 5 failures: F (S F S F S F S F S F).
    expect(outcomes).toHaveLength(11);
    expect(b.recent.filter(Boolean)).toHaveLength(5);
    // Fewer than 10 calls are no record yet: a first failure alone does not open it.
    expect(recordFailure(closedBreaker(), 'render', 'x', 0).state).toBe('closed');
  });

  it('CPU budget checks count towards 3 in a row but are not calls, and only an under-budget check clears them', () => {
    let b = recordFailure(closedBreaker(), 'cpu', 'over', 0);
    b = recordSuccess(b, 'render', 1);
    expect([b.consecutiveFailures, b.recent]).toEqual([1, [false]]);
    b = recordFailure(recordFailure(b, 'cpu', 'over', 2), 'cpu', 'over', 3);
    expect(b.state).toBe('open');
    expect(recordSuccess(recordFailure(closedBreaker(), 'cpu', 'x', 0), 'cpu', 1).consecutiveFailures).toBe(0);
  });

  it('quarantines a plugin that crashed its host 3 times within 10 minutes; no cooldown ends it, a reset does', () => {
    let b: Breaker = closedBreaker();
    b = recordCrash(recordCrash(b, 0), 60_000);
    b = recordCrash(b, QUARANTINE_WINDOW_MS + 1);
    expect(b.quarantinedAt).toBeNull();
    expect(b.crashes).toEqual([60_000, QUARANTINE_WINDOW_MS + 1]);
    b = recordCrash(b, QUARANTINE_WINDOW_MS + 2);
    expect(b.quarantinedAt).toBe(QUARANTINE_WINDOW_MS + 2);
    expect(allowsCalls(b)).toBe(false);
    expect(allowsCalls(tick(b, 10 * QUARANTINE_WINDOW_MS))).toBe(false);
    const reset = resetBreaker(b);
    expect([reset.quarantinedAt, reset.crashes, allowsCalls(reset)]).toEqual([null, [], true]);
  });
});
