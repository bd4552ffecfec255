import { describe, expect, it } from 'vitest';
import { REPAIR_BACKOFF, repairDelay } from '../../core/reconcile/backoff.ts';

const S = 1_000;
const MIN = 60 * S;

describe('repair backoff', () => {
  it.each([
    [1, 30 * S],
    [2, 1 * MIN],
    [3, 2 * MIN],
    [4, 4 * MIN],
    [5, 8 * MIN],
    [6, 16 * MIN],
    [7, 32 * MIN],
    [8, 64 * MIN],
    [9, 128 * MIN],
    [10, 256 * MIN],
    [11, 6 * 60 * MIN],
    [12, 6 * 60 * MIN],
    [1_000, 6 * 60 * MIN],
  ])('after %i attempt(s) the next one waits %i ms', (attempts, delay) => {
    expect(repairDelay(attempts)).toBe(delay);
  });

  it('never waits less than the first step or more than the cap, whatever the count', () => {
    for (const n of [0, -3, Number.NaN, 1.7, Number.MAX_SAFE_INTEGER]) {
      const d = repairDelay(n);
      expect(d).toBeGreaterThanOrEqual(REPAIR_BACKOFF.baseMs);
      expect(d).toBeLessThanOrEqual(REPAIR_BACKOFF.capMs);
    }
  });
});
