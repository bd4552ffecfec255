import { describe, expect, it } from 'vitest';
import { createCpuBudget } from '../../core/display/cpu-budget.ts';

describe('CPU budget', () => {
  it('needs a third of the window of samples before it judges', () => {
    const b = createCpuBudget({ budgetPct: 25, windowMs: 30_000 });
    b.call(0, 5_000, false);
    expect(b.read(9_999, null)).toBeNull();
    expect(b.read(10_000, null)).toMatchObject({ sharePct: 50, over: true });
  });

  it('a plugin alone in its host is charged its host CPU when that is more (work outside its calls)', () => {
    const b = createCpuBudget({ budgetPct: 25, windowMs: 30_000 });
    b.call(0, 100, false);
    b.hostTotal(0, 1_000);
    b.hostTotal(20_000, 13_000);
    expect(b.read(20_000, null)).toMatchObject({ sharePct: 60, over: true });
  });

  it('a 900 ms render asked 10 times a second is slowed to one in 3.6 s, and stays over while slowed', () => {
    const b = createCpuBudget({ budgetPct: 25, windowMs: 30_000 });
    for (let t = 0; t <= 20_000; t += 3_600) b.call(t, 900, true);
    const r = b.read(20_000, 100)!;
    expect(r.sharePct).toBeCloseTo(27, 0);
    expect(r.demandPct).toBe(900);
    expect(r.over).toBe(true);
    expect(r.minPeriodMs).toBe(3_600);
  });

  it('under budget: not over, not slowed; old samples leave the window', () => {
    const b = createCpuBudget({ budgetPct: 25, windowMs: 30_000 });
    b.call(0, 20_000, false);
    for (let t = 1_000; t <= 60_000; t += 1_000) b.call(t, 2, true);
    expect(b.read(60_000, 33)).toMatchObject({ over: false, minPeriodMs: 0 });
  });
});
