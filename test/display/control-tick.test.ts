import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createControlTick } from '../../core/display/control-tick.ts';

/** A control tick over vitest's fake timers: `Date.now()` is the fake clock the timers run on. */
function tick(look: () => void = () => {}) {
  const looks: number[] = [];
  const t = createControlTick({
    minMs: 250,
    maxMs: 750,
    now: () => Date.now(),
    look: () => (looks.push(Date.now()), look()),
  });
  const controller = new AbortController();
  const running = t.run(controller.signal);
  return { t, looks, running, stop: () => (controller.abort(), running) };
}

describe('control tick', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 0 }));
  afterEach(() => void vi.useRealTimers());

  it('looks at once, then every 750 ms while nothing else wakes the process', async () => {
    const { looks, stop } = tick();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(looks).toEqual([0, 750, 1_500, 2_250, 3_000]);
    await stop();
  });

  it('rides along with wake-ups that come often enough, and its timer never fires', async () => {
    const { t, looks, stop } = tick();
    // The render loop drawing a blinking colon: a round every 500 ms.
    for (let i = 1; i <= 20; i++) {
      await vi.advanceTimersByTimeAsync(500);
      t.nudge();
    }
    // Each look is a nudge's: none came from the timer (it would have looked at 750, 1250, …).
    expect(looks).toEqual(Array.from({ length: 21 }, (_, i) => i * 500));
    await stop();
  });

  it('does not look again sooner than 250 ms after the last look', async () => {
    const { t, looks, stop } = tick();
    await vi.advanceTimersByTimeAsync(100);
    t.nudge();
    await vi.advanceTimersByTimeAsync(100);
    t.nudge();
    await vi.advanceTimersByTimeAsync(100);
    t.nudge();
    expect(looks).toEqual([0, 300]);
    // The timer counts from the last look.
    await vi.advanceTimersByTimeAsync(749);
    expect(looks).toEqual([0, 300]);
    await vi.advanceTimersByTimeAsync(1);
    expect(looks).toEqual([0, 300, 1_050]);
    await stop();
  });

  it('a look that fails while riding along fails the task, never the caller', async () => {
    let fail = false;
    const { t, running } = tick(() => {
      if (fail) throw new Error('config unreadable');
    });
    await vi.advanceTimersByTimeAsync(300);
    fail = true;
    expect(() => t.nudge()).not.toThrow();
    await expect(running).rejects.toThrow('config unreadable');
  });
});
