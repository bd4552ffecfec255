import { describe, expect, it } from 'vitest';
import {
  allowsCalls,
  closedBreaker,
  recordFailure,
  recordSuccess,
  resetBreaker,
  tick,
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
});
