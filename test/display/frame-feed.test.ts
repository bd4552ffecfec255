import { describe, expect, it } from 'vitest';
import { createFrameFeed, type FeedRequest, type FeedResult } from '../../core/display/frame-feed.ts';

/** A feed over a render function the test answers by hand; time is passed in explicitly. */
function feed(opts: { horizonMs?: number; defaultPeriodMs?: number } = {}) {
  const asked: Array<{
    req: FeedRequest;
    answer(r: FeedResult): Promise<void>;
    push(px: Uint8Array): void;
  }> = [];
  let late = 0;
  const f = createFrameFeed({
    render: (req, push) =>
      new Promise((resolve) =>
        asked.push({ req, push, answer: (r) => (resolve(r), new Promise((tick) => setImmediate(tick))) }),
      ),
    defaultPeriodMs: () => opts.defaultPeriodMs ?? 100,
    lateMs: (p) => Math.max(100, 2 * (p ?? 0)),
    onLateArrival: () => void (late += 1),
    horizonMs: opts.horizonMs ?? 100,
    maxAhead: () => 4,
  });
  const px = (n: number) => new Uint8Array([n]);
  const shown = (n: number, nextInMs?: number | null): FeedResult => ({
    ok: true,
    shown: true,
    nextInMs,
    pixels: px(n),
  });
  return { f, asked, shown, late: () => late };
}

describe('frame feed', () => {
  it('shows each frame a call pushes before it returns, newest first, and is not late while it pushes', async () => {
    const { f, asked, shown, late } = feed();
    const t0 = performance.now();
    f.begin('m', 0, t0, 1000);
    f.poll(t0);
    const call = asked[0]!;
    call.push(new Uint8Array([1]));
    expect(late()).toBe(1);
    expect(f.poll(t0 + 1).frame).toEqual(new Uint8Array([1]));
    // Shown once; nothing new until the next push.
    expect(f.poll(t0 + 2).frame).toBeUndefined();
    call.push(new Uint8Array([2]));
    call.push(new Uint8Array([3]));
    expect(f.poll(performance.now()).frame).toEqual(new Uint8Array([3]));
    // Still pushing long after it was due: not late, since the last push is recent.
    expect(f.poll(performance.now() + 50).late).toBeUndefined();
    await call.answer(shown(4, 1000));
    expect(f.poll(performance.now()).frame).toEqual(new Uint8Array([4]));
  });

  it('a call whose last pushed frame was shown and is the one it returns is not shown again', async () => {
    const { f, asked } = feed();
    const t0 = performance.now();
    f.begin('m', 0, t0, 1000);
    f.poll(t0);
    const call = asked[0]!;
    const frame = new Uint8Array([7]);
    call.push(frame);
    expect(f.poll(t0 + 1).frame).toBe(frame);
    await call.answer({ ok: true, shown: true, nextInMs: 1000, pixels: frame });
    expect(f.poll(performance.now()).frame).toBeUndefined();
  });

  it('asks for an animation several frames ahead, each with the wall time it will be shown at', () => {
    const { f, asked } = feed();
    f.begin('m', 1_000_000, 0, 1000 / 30);
    f.poll(0);
    expect(asked.map((a) => [a.req.frameNo, Math.round(a.req.now - 1_000_000), a.req.forceClear])).toEqual([
      [0, 0, true],
      [1, 33, false],
      [2, 67, false],
      [3, 100, false],
    ]);
  });

  it('shows the newest frame that is due and never waits for one that is not there', async () => {
    const { f, asked, shown } = feed();
    f.begin('m', 0, 0, 50);
    f.poll(0);
    expect(f.poll(0).frame).toBeUndefined();
    await asked[0]!.answer(shown(0, 50));
    await asked[1]!.answer(shown(1, 50));
    expect(f.poll(60).frame).toEqual(new Uint8Array([1]));
    // Frame 2 (due at 100) is not answered: at 150 nothing new, the panel keeps frame 1.
    const waiting = f.poll(150);
    expect([waiting.frame, waiting.late]).toEqual([undefined, undefined]);
    expect(waiting.wakeAt).toBeGreaterThan(150);
    expect(waiting.wakeAt).toBeLessThanOrEqual(100 + 100 + 1);
    expect(f.poll(201).late).toBe(true);
  });

  it('draws a still picture once, and again only after a change', async () => {
    const { f, asked, shown } = feed();
    f.begin('m', 0, 0, undefined);
    f.poll(0);
    await asked[0]!.answer(shown(7, null));
    expect(f.poll(1)).toMatchObject({ frame: new Uint8Array([7]), wakeAt: null });
    expect(f.poll(60_000)).toEqual({ wakeAt: null });
    expect(asked).toHaveLength(1);
    f.dirty(70_000);
    f.poll(70_000);
    expect(asked).toHaveLength(2);
  });

  it('a frame asked for after its time (a change the loop sees at its next round) is late only counting from when it was asked for', async () => {
    const { f, asked, shown } = feed();
    // Far from the real performance clock, so no answer counts as arriving late.
    const T0 = 1e12;
    f.begin('m', 0, T0, undefined);
    f.poll(T0);
    await asked[0]!.answer(shown(1, null));
    expect(f.poll(T0 + 1).frame).toEqual(new Uint8Array([1]));
    // New data at 10 s; the loop, asleep over a still picture, looks 300 ms later (late here: 100 ms).
    f.dirty(T0 + 10_000);
    expect(f.poll(T0 + 10_300)).toEqual({ wakeAt: T0 + 10_401 });
    expect(asked).toHaveLength(2);
    expect(f.poll(T0 + 10_401).late).toBe(true);
  });

  it('waits for the time a plugin asks for (a clock: the next minute)', async () => {
    const { f, asked, shown } = feed();
    f.begin('m', 0, 0, undefined);
    f.poll(0);
    await asked[0]!.answer(shown(1, 40_000));
    expect(f.poll(0).wakeAt).toBe(40_000 - 100);
    f.poll(39_000);
    expect(asked).toHaveLength(1);
    f.poll(39_950);
    expect(asked.map((a) => a.req.now)).toEqual([0, 40_000]);
  });

  it('asks for a half-second clock frame as it shows the one before: one timed wake-up per frame', async () => {
    const { f, asked, shown } = feed({ horizonMs: 250 });
    // Far from the real performance clock, so no answer counts as arriving late.
    const T0 = 1e12;
    f.begin('clock', 0, T0, undefined);
    let [t, wakes, frames, answered] = [T0, 0, 0, 0];
    while (t < T0 + 10_000) {
      const got = f.poll(t);
      if (got.frame) frames += 1;
      // The host answers at once, as the colon blinks: the next half second.
      const fresh = asked.slice(answered);
      answered = asked.length;
      for (const a of fresh) await a.answer(shown(a.req.frameNo, 500 - (a.req.now % 500)));
      // An answer for a frame already due wakes the loop through its arrival, not a timer.
      if (fresh.some((a) => T0 + a.req.elapsedMs <= t)) continue;
      expect(got.wakeAt).not.toBeNull();
      [t, wakes] = [got.wakeAt!, wakes + 1];
    }
    expect(frames).toBe(20);
    expect(wakes).toBe(20);
    expect(asked.map((a) => a.req.now)).toEqual(Array.from({ length: 21 }, (_, i) => i * 500));
  });

  it('reports nothing to show and failures, and a frame that arrives late wakes the loop', async () => {
    const { f, asked, late } = feed();
    f.begin('m', 0, 0, null);
    f.poll(0);
    await asked[0]!.answer({ ok: true, shown: false, nextInMs: null, pixels: null });
    expect(late()).toBe(1);
    expect(f.poll(1).nothing).toBe(true);
    f.begin('m', 0, 0, null);
    f.poll(0);
    await asked[1]!.answer({ ok: false, error: 'boom' });
    expect(f.poll(1).failed).toBe('boom');
  });

  it('slowed by its CPU budget, frames are spaced at least that far', () => {
    const { f, asked } = feed();
    f.setMinPeriod(1_000);
    f.begin('m', 0, 0, 100);
    f.poll(0);
    f.poll(950);
    expect(asked.map((a) => a.req.now)).toEqual([0, 1_000]);
    expect(f.askedPeriod()).toBe(100);
  });

  it('answers from an earlier dwell are ignored', async () => {
    const { f, asked, shown } = feed();
    f.begin('a', 0, 0, null);
    f.poll(0);
    f.begin('b', 0, 0, null);
    f.poll(0);
    await asked[0]!.answer(shown(1, null));
    expect(f.poll(5).frame).toBeUndefined();
    await asked[1]!.answer(shown(2, null));
    expect(f.poll(5).frame).toEqual(new Uint8Array([2]));
  });
});
