import { describe, expect, it } from 'vitest';
import { readHealthRow } from '../../core/display/health-store.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { framesWhile, startRuntime, type RuntimeHarness } from '../support/display.ts';

const GOOD = { enabled: true, color: [0, 255, 0], display_duration: 5 };
const green = (h: RuntimeHarness) => () => h.pixel()[1] === 255;
const breaker = (h: RuntimeHarness, id: string) => h.runtime.runners.get(id)?.breaker();

/** Moves the manual clock past restart backoffs until the plugin has failed `n` times. */
async function failTimes(h: RuntimeHarness, id: string, n: number, ms = 8_000) {
  for (let i = 1; i <= n; i++) {
    // The clock moves so dwells end (the failing plugin gets its turn) and restart backoffs pass.
    const ticker = setInterval(() => h.clock.advance(1_000), 50);
    await h
      .until(() => (breaker(h, id)?.consecutiveFailures ?? 0) >= i, ms, `${id} failure ${i}`)
      .finally(() => clearInterval(ticker));
  }
}

describe('a failing plugin never stops the others', () => {
  it('a throwing render: the other plugin keeps showing, the breaker opens after 3 and is persisted', async () => {
    const h = await startRuntime({
      plugins: { bad: {}, good: {} },
      config: { bad: { enabled: true, render: 'throw' }, good: GOOD },
    });
    await failTimes(h, 'bad', 3);
    expect(breaker(h, 'bad')).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    await h.until(green(h), 15_000, 'good on screen');
    expect(h.statuses.filter((s) => s.plugin_id === 'bad')).toHaveLength(0);
    expect(h.runtime.runners.get('bad')!.phase()).toBe('stopped');
    expect(readHealthRow(h.db.sqlite, 'bad')).toMatchObject({ circuitState: 'open', consecutiveFailures: 3 });
    expect(h.runtime.runners.get('bad')!.breaker().lastError).toMatch(/render: Error: render exploded/);
  });

  it('a hanging render is terminated at its deadline and the panel moves on', async () => {
    const h = await startRuntime({
      plugins: { hang: {}, good: {} },
      config: {
        hang: { enabled: true, render: 'hang', display_duration: 5 },
        good: GOOD,
        display: { plugin_rotation_order: ['hang', 'good'] },
      },
    });
    // Dwells end as the clock moves, so whichever plugin loaded first, the hanging one gets its turn.
    const ticker = setInterval(() => h.clock.advance(1_000), 50);
    await h.until(() => (breaker(h, 'hang')?.consecutiveFailures ?? 0) >= 1, 15_000, 'hang failure');
    clearInterval(ticker);
    expect(breaker(h, 'hang')!.lastError).toMatch(/render missed its deadline of 300 ms/);
    expect(h.runtime.runners.get('hang')!.supervision().lastKillReason).toBe('render missed its deadline of 300 ms');
    await h.until(green(h), 15_000, 'good on screen');
  });

  it('a throwing update opens the breaker after 3; after the cooldown one trial runs; reset from the API closes it', async () => {
    const h = await startRuntime({
      plugins: { bad: {}, good: {} },
      config: { bad: { enabled: true, update: 'throw' }, good: GOOD },
    });
    await failTimes(h, 'bad', 3);
    expect(breaker(h, 'bad')!.state).toBe('open');
    // Cooldown passes: half-open, the plugin is loaded again, its update (the trial) fails: open again.
    h.clock.advance(5 * 60_000);
    await h.until(() => breaker(h, 'bad')!.consecutiveFailures >= 4, 15_000, 'trial');
    expect(breaker(h, 'bad')!.state).toBe('open');
    expect(readHealthRow(h.db.sqlite, 'bad')!.circuitState).toBe('open');
    // A reset through the web API (DB row + command) reaches the running loop.
    const { app } = await testApp(testDeps({ dataDir: h.settings.dataDir, pluginsDir: h.settings.pluginsDir }));
    const at = h.clock.now();
    const res = await app.request('/api/v3/plugins/health/bad/reset', { method: 'POST' });
    expect(res.status).toBe(200);
    // The clock stands inside the 5 min cooldown: only the reset can close the breaker.
    await h.until(() => breaker(h, 'bad')!.state !== 'open', 15_000, 'reset applied');
    expect(h.clock.now()).toBe(at);
    expect(h.log.lines.some((l) => l.msg === 'plugin health reset' && l.plugin === 'bad')).toBe(true);
  });

  it('a trial that succeeds closes the breaker', async () => {
    const h = await startRuntime({ plugins: { flaky: {} }, config: { flaky: { enabled: true, update: 'throw' } } });
    await failTimes(h, 'flaky', 3);
    h.setConfig({ flaky: { enabled: true, update: 'ok' } });
    await h.until(() => h.runtime.runners.get('flaky')!.spec.config.update === 'ok', 15_000, 'config seen');
    h.clock.advance(5 * 60_000);
    await h.until(() => breaker(h, 'flaky')!.state === 'closed', 15_000, 'closed');
    expect(breaker(h, 'flaky')!.consecutiveFailures).toBe(0);
  });

  it('an update that ignores its signal and hangs is given up at the deadline', async () => {
    const h = await startRuntime({ plugins: { hang: {} }, config: { hang: { enabled: true, update: 'hang' } } });
    await h.until(() => (breaker(h, 'hang')?.consecutiveFailures ?? 0) >= 1, 15_000, 'hang failure');
    expect(breaker(h, 'hang')!.lastError).toMatch(/update did not finish within its deadline of 1000 ms/);
  });

  it('an update that exhausts its memory is stopped and recorded', async () => {
    const h = await startRuntime({
      plugins: { hog: {} },
      config: { hog: { enabled: true, update: 'oom' } },
      settings: { 'plugins.memoryMb': 16, 'plugins.updateDeadlineMs': 10_000 },
    });
    await h.until(() => (breaker(h, 'hog')?.consecutiveFailures ?? 0) >= 1, 15_000, 'oom failure');
    expect(breaker(h, 'hog')!.lastError).toMatch(/memory/i);
  });

  it('a spinning update elsewhere never stalls the frames on screen', async () => {
    const scroll = { enabled: true, scroll: 'HELLO WORLD', fps: 60, color: [0, 0, 0] };
    const spin = { enabled: false, update: 'spin', spin_ms: 2_000, render: 'until-data' };
    const order = { plugin_rotation_order: ['spin', 'scroll'] };
    const h = await startRuntime({
      plugins: { spin: {}, scroll: {} },
      config: { spin, scroll, display: order },
      settings: { 'plugins.updateDeadlineMs': 5_000 },
    });
    await h.until(() => h.runtime.loop.status().plugin_id === 'scroll', 15_000, 'scrolling');
    // The spinning plugin comes in beside it; without data it has no frames, so the scroller keeps the panel.
    h.setConfig({ spin: { ...spin, enabled: true }, scroll, display: order });
    const during = await framesWhile(
      h,
      () => h.log.lines.some((l) => l.msg === 'update started' && l.plugin === 'spin'),
      // Over when it finishes, or when its busy host is given up (a render probe may time out first).
      () =>
        (h.runtime.runners.get('spin')?.metrics().update.count ?? 0) > 0 ||
        (breaker(h, 'spin')?.totalFailures ?? 0) > 0,
      'the 2 s spin',
    );
    // A loop blocked by the spin would push nothing meanwhile; at 60 fps it pushes dozens of frames.
    // How long its frame gaps are is measured by `npm run bench -- display`, not here.
    expect(during).toBeGreaterThanOrEqual(5);
    expect(h.runtime.loop.status().plugin_id).toBe('scroll');
    expect(h.log.lines.filter((l) => l.msg === 'overlap')).toHaveLength(0);
  });

  it('update never runs twice at once for one plugin', async () => {
    const h = await startRuntime({
      plugins: { slow: {} },
      config: { slow: { enabled: true, update: 'slow', update_ms: 400, update_interval: 0.05 } },
    });
    // The interval (50 ms) is far shorter than one update (400 ms): the clock says one is due at every tick.
    const ticker = setInterval(() => h.clock.advance(100), 20);
    await h.until(() => h.log.lines.filter((l) => l.msg === 'update started').length >= 3, 15_000, 'three updates');
    clearInterval(ticker);
    expect(h.log.lines.filter((l) => l.msg === 'overlap')).toHaveLength(0);
  });
});
