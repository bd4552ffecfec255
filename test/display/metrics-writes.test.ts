import { describe, expect, it } from 'vitest';
import { readHealthRow } from '../../core/display/health-store.ts';
import { retryDelayMs } from '../../core/display/plugin-runner.ts';
import { startRuntime, type RuntimeHarness } from '../support/display.ts';

type Summary = { count: number };
const row = (h: RuntimeHarness, id: string) => readHealthRow(h.db.sqlite, id);
const written = (h: RuntimeHarness, id: string) => row(h, id)?.updatedAt ?? null;
const storedCount = (h: RuntimeHarness, id: string, kind: 'update' | 'render') =>
  (row(h, id)?.metrics[kind] as Summary | undefined)?.count ?? 0;
const liveCount = (h: RuntimeHarness, id: string, kind: 'update' | 'render') =>
  h.runtime.runners.get(id)?.metrics()[kind].count ?? 0;
/** Rows this display connection has changed since it opened. */
const changes = (h: RuntimeHarness) => (h.db.sqlite.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
const flush = (h: RuntimeHarness) => h.runtime.flush(() => {});

describe('plugin metrics in the database', () => {
  it('are never written per frame, and at most once per 30 s for each plugin', async () => {
    const h = await startRuntime({
      plugins: { a: {}, b: {} },
      config: {
        a: { enabled: true, color: [255, 0, 0], fps: 30, display_duration: 600 },
        b: { enabled: false, update_interval: 1 },
        display: { plugin_rotation_order: ['a', 'b'] },
      },
    });
    await h.until(() => liveCount(h, 'a', 'render') >= 5, 5_000, 'a rendering');
    const before = changes(h);
    const rendered = liveCount(h, 'a', 'render');
    await h.until(() => liveCount(h, 'a', 'render') >= rendered + 30, 5_000, '30 more frames');
    expect(changes(h)).toBe(before);
    expect(row(h, 'a')).toBeNull();

    const t0 = h.clock.now();
    flush(h);
    expect(written(h, 'a')).toBe(t0);
    const first = storedCount(h, 'a', 'render');
    expect(first).toBeGreaterThanOrEqual(rendered + 30);
    await h.until(() => liveCount(h, 'a', 'render') >= first + 10, 5_000, 'more frames');
    flush(h);
    expect([written(h, 'a'), storedCount(h, 'a', 'render')]).toEqual([t0, first]);

    // b starts 10 s later: its first metrics are written at once, and its 30 s window is its own.
    h.clock.advance(10_000);
    h.setConfig({
      a: { enabled: true, color: [255, 0, 0], fps: 30, display_duration: 600 },
      b: { enabled: true, update_interval: 1 },
      display: { plugin_rotation_order: ['a', 'b'] },
    });
    await h.until(() => liveCount(h, 'b', 'update') >= 1, 5_000, 'b updated');
    flush(h);
    expect([written(h, 'a'), written(h, 'b')]).toEqual([t0, t0 + 10_000]);

    const nextUpdate = async (what: string) => {
      const n = liveCount(h, 'b', 'update');
      await h.until(() => liveCount(h, 'b', 'update') > n, 5_000, what);
    };
    h.clock.advance(19_999);
    await nextUpdate('b updated again');
    flush(h);
    expect([written(h, 'a'), written(h, 'b')]).toEqual([t0, t0 + 10_000]);

    h.clock.advance(1);
    flush(h);
    expect([written(h, 'a'), written(h, 'b')]).toEqual([t0 + 30_000, t0 + 10_000]);
    expect(storedCount(h, 'a', 'render')).toBeGreaterThan(first);

    h.clock.advance(10_000);
    await nextUpdate('b updated at 40 s');
    flush(h);
    expect([written(h, 'a'), written(h, 'b')]).toEqual([t0 + 30_000, t0 + 40_000]);
    expect(storedCount(h, 'b', 'update')).toBe(liveCount(h, 'b', 'update'));
  });

  it('a breaker that changes state is written at once; failures that leave it closed wait for the batch', async () => {
    const h = await startRuntime({
      plugins: { bad: {}, good: {} },
      config: {
        bad: { enabled: true, update: 'throw' },
        good: { enabled: true, color: [0, 255, 0] },
      },
    });
    const failures = (n: number) => () => (h.runtime.runners.get('bad')?.breaker().consecutiveFailures ?? 0) >= n;
    await h.until(() => failures(1)() && liveCount(h, 'good', 'update') >= 1, 5_000, 'first failure, good updated');
    const t0 = h.clock.now();
    flush(h);
    expect(row(h, 'bad')).toMatchObject({ circuitState: 'closed', consecutiveFailures: 1, updatedAt: t0 });

    // Tried again after 100 ms, then 200 ms: the clock moves exactly that far.
    h.clock.advance(retryDelayMs(1));
    await h.until(failures(2), 5_000, 'second failure');
    expect(row(h, 'bad')).toMatchObject({ circuitState: 'closed', consecutiveFailures: 1, updatedAt: t0 });

    h.clock.advance(retryDelayMs(2));
    await h.until(failures(3), 5_000, 'third failure');
    expect(h.runtime.runners.get('bad')!.breaker().state).toBe('open');
    // No flush ran: the open breaker and the metrics up to its failure were written by the change itself.
    expect(row(h, 'bad')).toMatchObject({
      circuitState: 'open',
      consecutiveFailures: 3,
      openedAt: t0 + 300,
      updatedAt: t0 + 300,
    });
    expect(storedCount(h, 'bad', 'update')).toBe(3);
    // The other plugin's metrics keep their own schedule.
    expect(written(h, 'good')).toBe(t0);

    // After the cooldown the trial fails: open again, written at once too.
    h.clock.advance(5 * 60_000);
    await h.until(failures(4), 5_000, 'failed trial');
    await h.until(() => row(h, 'bad')?.consecutiveFailures === 4, 1_000, 'trial written');
    expect(row(h, 'bad')).toMatchObject({ circuitState: 'open', openedAt: t0 + 300_300 });
  });
});
