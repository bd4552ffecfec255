import { describe, expect, it } from 'vitest';
import { createLogBudget } from '../../core/hosts/log-budget.ts';

describe('plugin log budget', () => {
  it('passes 20 lines per 10 s, drops the rest and reports the count once the window turns', () => {
    let t = 0;
    const reports: number[] = [];
    const budget = createLogBudget(() => t);
    const passed = Array.from({ length: 25 }, () => budget.take((n) => reports.push(n))).filter(Boolean).length;
    expect(passed).toBe(20);
    expect(reports).toEqual([]);
    t = 10_000;
    expect(budget.take((n) => reports.push(n))).toBe(true);
    expect(reports).toEqual([5]);
  });
});
