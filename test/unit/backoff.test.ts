import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_BACKOFF } from '../../shared/backoff.ts';

describe('backoffDelay follows the table in its doc comment (defaults, no jitter drawn)', () => {
  it.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [4, 8_000],
    [5, 16_000],
    [6, 32_000],
    [7, 60_000],
    [8, 60_000],
    [20, 60_000],
  ])('attempt %i → %i ms', (attempt, expected) => {
    expect(backoffDelay(attempt)).toBe(expected);
    expect(backoffDelay(attempt, DEFAULT_BACKOFF, 0)).toBe(expected);
  });
});

describe('jitter', () => {
  it.each([
    [0, 8_000],
    [0.5, 7_200],
    [0.999, 6_402],
    [1, 6_400],
  ])('random %d at attempt 4 → %i ms (between 80%% and 100%% of the table value)', (random, expected) => {
    expect(backoffDelay(4, DEFAULT_BACKOFF, random)).toBe(expected);
  });

  it('clamps a random draw outside [0, 1]', () => {
    expect(backoffDelay(4, DEFAULT_BACKOFF, -3)).toBe(8_000);
    expect(backoffDelay(4, DEFAULT_BACKOFF, 7)).toBe(6_400);
  });

  it('stays within 80–100 % of the table value and never above the cap, for any draw', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const table = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
      for (let i = 0; i <= 100; i++) {
        const d = backoffDelay(attempt, DEFAULT_BACKOFF, i / 100);
        expect(d).toBeGreaterThanOrEqual(Math.floor(table * 0.8));
        expect(d).toBeLessThanOrEqual(table);
        expect(d).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
      }
    }
  });
});

describe('edges', () => {
  it('applies its own policy', () => {
    const policy = { baseMs: 50, factor: 3, capMs: 1_000, jitter: 0 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, 0.9))).toEqual([50, 150, 450, 1_000, 1_000]);
  });

  it('treats attempts below 1 and fractions as the first attempt / the whole attempt', () => {
    expect(backoffDelay(0)).toBe(1_000);
    expect(backoffDelay(-5)).toBe(1_000);
    expect(backoffDelay(2.9)).toBe(2_000);
  });

  it('gives the cap for huge attempt counts instead of overflowing', () => {
    for (const attempt of [61, 1_000, 1e9, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Infinity]) {
      expect(backoffDelay(attempt)).toBe(60_000);
    }
    expect(backoffDelay(1e9, { baseMs: 1, factor: 10, capMs: 5_000, jitter: 0 })).toBe(5_000);
  });

  it('never returns NaN, which would make a timer fire at once and a retry loop spin', () => {
    expect(backoffDelay(Number.NaN)).toBe(1_000);
    expect(backoffDelay(3, DEFAULT_BACKOFF, Number.NaN)).toBe(4_000);
  });
});
