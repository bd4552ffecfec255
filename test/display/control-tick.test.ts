import { afterEach, describe, expect, it, vi } from 'vitest';
import { createControlTick } from '../../core/display/control-tick.ts';

/** A control tick on a clock the test moves (`Date.now()`, faked where timers are involved). */
function tick(look: () => void = () => {}) {
  const looks: number[] = [];
  const t = createControlTick({
    minMs: 250,
    maxMs: 750,
    fallbackMs: 5_000,
    now: () => Date.now(),
    look: () => (looks.push(Date.now()), look()),
  });
  return { t, looks };
}

/** A render loop going round for `ms`: it sleeps until its own next wake-up or the next look, whichever is first. */
function rounds(t: ReturnType<typeof tick>['t'], ms: number, ownWakeEveryMs: number): number {
  let n = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    t.nudge();
    n += 1;
    vi.setSystemTime(Date.now() + Math.min(ownWakeEveryMs, t.dueInMs()));
  }
  return n;
}

describe('control tick', () => {
  afterEach(() => void vi.useRealTimers());

  it('a clock blinking its colon wakes the loop every 500 ms, and every look rides on those rounds', () => {
    vi.useFakeTimers({ now: 0 });
    const { t, looks } = tick();
    const n = rounds(t, 10_000, 500);
    expect(n).toBe(20);
    expect(looks).toEqual(Array.from({ length: 20 }, (_, i) => i * 500));
  });

  it('a still picture: the loop sleeps no longer than the next look, one wake-up every 750 ms', () => {
    vi.useFakeTimers({ now: 0 });
    const { t, looks } = tick();
    const n = rounds(t, 9_000, 1_000);
    expect(n).toBe(12);
    expect(looks).toEqual(Array.from({ length: 12 }, (_, i) => i * 750));
  });

  it('rounds closer together than 250 ms do not look again', () => {
    vi.useFakeTimers({ now: 0 });
    const { t, looks } = tick();
    for (const at of [0, 100, 200, 300, 400, 549, 550]) {
      vi.setSystemTime(at);
      t.nudge();
    }
    expect(looks).toEqual([0, 300, 550]);
    expect(t.dueInMs()).toBe(750);
  });

  it('while the loop is not going round, the task looks every 5 s', async () => {
    vi.useFakeTimers({ now: 0 });
    const { t, looks } = tick();
    const controller = new AbortController();
    const running = t.run(controller.signal);
    await vi.advanceTimersByTimeAsync(12_000);
    expect(looks).toEqual([0, 5_000, 10_000]);
    controller.abort();
    await running;
  });

  it('a look that fails during a round fails the task, never the loop, which still sleeps', async () => {
    vi.useFakeTimers({ now: 0 });
    let fail = false;
    const { t } = tick(() => {
      if (fail) throw new Error('config unreadable');
    });
    const running = t.run(new AbortController().signal);
    fail = true;
    vi.setSystemTime(300);
    expect(() => t.nudge()).not.toThrow();
    expect(t.dueInMs()).toBe(750);
    const failed = expect(running).rejects.toThrow('config unreadable');
    await vi.advanceTimersByTimeAsync(5_000);
    await failed;
  });
});
