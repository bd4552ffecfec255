import { describe, expect, it } from 'vitest';
import { QUEUE_BACKOFF } from '../../core/queue/backoff.ts';
import { backoffDelay } from '../../shared/backoff.ts';

describe('QUEUE_BACKOFF table (core/queue/backoff.ts)', () => {
  it.each([
    [1, 5_000],
    [2, 15_000],
    [3, 45_000],
    [4, 135_000],
    [5, 405_000],
    [6, 600_000],
    [7, 600_000],
    [1_000, 600_000],
  ])('after attempt %i the next try waits %i ms (before jitter)', (attempt, ms) => {
    expect(backoffDelay(attempt, QUEUE_BACKOFF, 0)).toBe(ms);
  });

  it('jitter takes off at most 20%, never adds', () => {
    expect(backoffDelay(1, QUEUE_BACKOFF, 0.5)).toBe(4_500);
    expect(backoffDelay(1, QUEUE_BACKOFF, 0.999999)).toBe(4_000);
    expect(backoffDelay(9, QUEUE_BACKOFF, 0.999999)).toBe(480_000);
  });
});
