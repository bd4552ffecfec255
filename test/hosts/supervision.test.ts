/**
 * Plugins that crash, hang, spin, leak or hog the CPU, each in a real host beside a scrolling
 * plugin on screen: what the panel did (the scroller's frames pushed while the bad call was
 * outstanding), what health says, and who was blamed. How long the scroller's frame gaps are
 * beside each of them is measured by `npm run bench -- hosts` (its hostile part), not here.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { readHealthRow } from '../../core/display/health-store.ts';
import { writeHeartbeat } from '../../core/platform/heartbeat.ts';
import { preparePlugins } from '../../core/plugins/startup.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { framesWhile, startRuntime, writePlugin, type RuntimeHarness } from '../support/display.ts';

const HOSTILE = path.join(PROJECT_ROOT, 'test/fixtures/plugins/hostile/plugin.js');
const SCROLL = { enabled: true, scroll: 'STEADY', fps: 30, color: [0, 0, 80], display_duration: 3600 };
const breaker = (h: RuntimeHarness, id: string) => h.runtime.runners.get(id)?.breaker();

/** The scroller on screen, then `hostile` plugins enabled beside it; the clock moves so backoffs pass. */
async function beside(hostile: Record<string, Record<string, unknown>>, settings: Record<string, unknown> = {}) {
  const h = await startRuntime({
    plugins: { scroll: {} },
    config: { scroll: SCROLL },
    width: 64,
    height: 16,
    settings,
  });
  await h.until(() => h.runtime.loop.status().plugin_id === 'scroll', 15_000, 'the scroller on screen');
  for (const id of Object.keys(hostile)) writePlugin(h.settings.pluginsDir, id, {}, HOSTILE);
  await preparePlugins(h.webDeps);
  const sections = Object.fromEntries(Object.entries(hostile).map(([id, c]) => [id, { enabled: true, ...c }]));
  h.setConfig({ scroll: SCROLL, ...sections, display: { plugin_rotation_order: ['scroll', ...Object.keys(hostile)] } });
  const from = h.frameTimes.length;
  // Dwells never end (the scroller's is an hour); restart backoffs, measured on the clock, pass.
  const ticker = setInterval(() => h.clock.advance(100), 20);
  return { h, from, done: () => clearInterval(ticker) };
}

const loaded = (h: RuntimeHarness, id: string) => () => h.runtime.runners.get(id)?.phase() === 'ready';
/** Frames a 30 fps scroller pushes in well under a second: a loop waiting on the bad call pushes none. */
const KEPT_DRAWING = 10;
/** Resolves once the display has pushed `n` more frames. */
const drawn = (h: RuntimeHarness, n: number, what: string) => {
  const from = h.frameTimes.length;
  return h.until(() => h.frameTimes.length - from >= n, 15_000, what);
};

/** The web process's view: health from the database and the display's heartbeat. */
async function healthOf(h: RuntimeHarness, id: string) {
  writeHeartbeat(h.db.sqlite, h.clock, 'display', h.clock.now(), { plugins: h.runtime.report().plugins });
  const { app } = await testApp(testDeps({ dataDir: h.settings.dataDir, pluginsDir: h.settings.pluginsDir }));
  return (await (await app.request(`/api/v3/plugins/health/${id}`)).json()).data;
}

describe('plugin hosts under supervision', () => {
  it('a plugin that exits its host 3 times is quarantined: persisted, in health, until a person resets it', async () => {
    const { h, done } = await beside({ exit: { attack: 'exit' } });
    const during = await framesWhile(
      h,
      () => (breaker(h, 'exit')?.crashes.length ?? 0) >= 1,
      () => breaker(h, 'exit')?.quarantinedAt != null,
      'crashes until quarantine',
    );
    done();
    expect(breaker(h, 'exit')!.crashes).toHaveLength(3);
    expect(h.runtime.runners.get('exit')!.phase()).toBe('quarantined');
    expect(readHealthRow(h.db.sqlite, 'exit')).toMatchObject({
      lastKillReason: 'host exited with code 3',
      restarts: 3,
    });
    expect(readHealthRow(h.db.sqlite, 'exit')!.quarantinedAt).not.toBeNull();
    const health = await healthOf(h, 'exit');
    expect(health).toMatchObject({ quarantined: true, healthy: false, restarts: 3, host: null });
    expect(health.last_kill_reason).toBe('host exited with code 3');
    // No cooldown lifts it: a day later, and ticks after that, it is still quarantined.
    h.clock.advance(24 * 3_600_000);
    await h.ticked(3);
    expect(h.runtime.runners.get('exit')!.phase()).toBe('quarantined');
    // The scroller never stopped: the display lost nothing but the plugin.
    expect(during).toBeGreaterThan(0);
    await drawn(h, KEPT_DRAWING, 'the scroller still moving');
    expect(h.runtime.loop.status().plugin_id).toBe('scroll');
    // A reset lifts it at once; the plugin runs (and exits) again.
    const { app } = await testApp(testDeps({ dataDir: h.settings.dataDir, pluginsDir: h.settings.pluginsDir }));
    const res = await app.request('/api/v3/plugins/health/exit/reset', { method: 'POST' });
    expect((await res.json()).data).toMatchObject({ quarantined: false, circuit_state: 'closed' });
    await h.until(() => h.runtime.runners.get('exit')!.phase() !== 'quarantined', 15_000, 'reset applied');
    await h.until(() => readHealthRow(h.db.sqlite, 'exit')!.restarts > 3, 15_000, 'runs again');
  }, 60_000);

  it('a render stuck in a loop: its host is killed at the deadline each time and its breaker opens; the panel never waits', async () => {
    const { h, done } = await beside({ loop: { when: 'render', attack: 'hang' } });
    const during = await framesWhile(h, loaded(h, 'loop'), () => breaker(h, 'loop')?.state === 'open', 'hung renders');
    done();
    expect(breaker(h, 'loop')!.lastError).toBe('render: render missed its deadline of 300 ms');
    expect(breaker(h, 'loop')!.quarantinedAt).toBeNull();
    expect(readHealthRow(h.db.sqlite, 'loop')).toMatchObject({ circuitState: 'open', restarts: 3 });
    expect(h.runtime.runners.get('loop')!.host()).toBeNull();
    // Three renders hung for their 300 ms deadline each meanwhile.
    expect(during).toBeGreaterThanOrEqual(KEPT_DRAWING);
  }, 30_000);

  it('update() spinning forever: its host is killed after the deadline and grace, the scroller keeps its pace', async () => {
    const { h, done } = await beside({ spin: { attack: 'spin' } });
    const during = await framesWhile(
      h,
      loaded(h, 'spin'),
      () => (breaker(h, 'spin')?.consecutiveFailures ?? 0) >= 1,
      'the spinning update',
    );
    done();
    expect(breaker(h, 'spin')!.lastError).toBe('update: update missed its deadline of 1500 ms');
    // The update spun for its 1.5 s deadline and grace meanwhile.
    expect(during).toBeGreaterThanOrEqual(KEPT_DRAWING);
  }, 30_000);

  it('update() that never settles is given up by its host at the deadline, without killing it', async () => {
    const { h, done } = await beside({ hang: { attack: 'hang' } });
    await h.until(() => breaker(h, 'hang')?.state === 'open', 15_000, 'breaker open');
    done();
    expect(breaker(h, 'hang')!.lastError).toBe('update: Error: update did not finish within its deadline of 1000 ms');
    expect(readHealthRow(h.db.sqlite, 'hang')!.restarts).toBe(0);
  }, 30_000);

  it.each([
    ['off-heap (Buffers)', 'offheap', /resident memory \d+ MB over its ceiling of 32 MB/],
    ['JS heap', 'heap', /heap out of memory|resident memory \d+ MB over its ceiling/],
  ])(
    'memory growth, %s: the host is killed at its ceiling and the plugin blamed',
    async (_, attack, reason) => {
      const { h, done } = await beside({ hog: { attack } }, { 'plugins.memoryMb': 32 });
      const during = await framesWhile(
        h,
        loaded(h, 'hog'),
        () => (breaker(h, 'hog')?.crashes.length ?? 0) >= 1,
        'the growing update',
      );
      done();
      expect(breaker(h, 'hog')!.lastError).toMatch(reason);
      expect(readHealthRow(h.db.sqlite, 'hog')!.lastKillReason).toMatch(reason);
      expect(during).toBeGreaterThan(0);
      await drawn(h, KEPT_DRAWING, 'the scroller still moving');
    },
    30_000,
  );

  it('a plugin failing every other call is stopped though it never fails 3 times in a row', async () => {
    const { h, done } = await beside({ flip: { attack: 'alternate', update_interval: 0.01 } });
    // update() alternates; its interval floor (retries at 100 ms, intervals of 10 ms) keeps calls coming.
    await h.until(() => breaker(h, 'flip')?.state === 'open', 20_000, 'breaker open');
    done();
    expect(breaker(h, 'flip')!.consecutiveFailures).toBeLessThan(3);
    expect(breaker(h, 'flip')!.recent.filter(Boolean)).toHaveLength(5);
  }, 30_000);
});

describe('switching plugins', () => {
  it('the plugin on the panel keeps drawing until the next one, slow to draw, has its first frame', async () => {
    const h = await startRuntime({
      plugins: { scroll: {} },
      config: { scroll: SCROLL },
      width: 64,
      height: 16,
      settings: { 'plugins.renderDeadlineMs': 1_000 },
    });
    await h.until(() => h.runtime.loop.status().plugin_id === 'scroll', 15_000, 'the scroller on screen');
    writePlugin(h.settings.pluginsDir, 'slow', {}, HOSTILE);
    await preparePlugins(h.webDeps);
    const slow = { enabled: true, when: 'render', attack: 'busy', busy_ms: 250, display_duration: 5 };
    h.setConfig({ scroll: SCROLL, slow, display: { plugin_rotation_order: ['scroll', 'slow'] } });
    await h.until(() => h.runtime.runners.get('slow')?.eligible() === true, 15_000, 'slow ready');
    const from = h.frameTimes.length;
    const switched = h.statuses.length;
    h.clock.advance(3_600_000);
    await h.until(() => h.statuses.slice(switched).some((s) => s.plugin_id === 'slow'), 15_000, 'slow on screen');
    // Its first frame took 250 ms to draw; the scroller filled that time with its own frames (a
    // loop waiting for that frame would have pushed none of them).
    const pushes = h.frameTimes.slice(from);
    expect(pushes.length).toBeGreaterThan(2);
  }, 30_000);
});

describe('the first-party host', () => {
  it('is shared; a plugin that crashes it is named, moved to a host of its own, and the others restart without it unblamed', async () => {
    const h = await startRuntime({
      plugins: { good: {}, other: {}, crash: {} },
      config: {
        good: { enabled: true, color: [0, 200, 0] },
        other: { enabled: true, color: [200, 0, 0] },
        crash: { enabled: false },
      },
      firstParty: true,
    });
    expect(h.runtime.desired().plugins.get('good')!.firstParty).toBe(true);
    await h.until(
      () => !!h.runtime.runners.get('good')?.host() && !!h.runtime.runners.get('other')?.host(),
      5_000,
      'up',
    );
    const shared = h.runtime.runners.get('good')!.host()!;
    expect(shared).toMatchObject({ key: 'first-party', shared: true });
    expect(h.runtime.runners.get('other')!.host()!.pid).toBe(shared.pid);
    // Its folder was there when the shared host started (granted to it): only its code changes.
    writePlugin(h.settings.pluginsDir, 'crash', {}, HOSTILE);
    h.setConfig({
      good: { enabled: true, color: [0, 200, 0] },
      other: { enabled: true, color: [200, 0, 0] },
      crash: { enabled: true, attack: 'exit' },
    });
    const ticker = setInterval(() => h.clock.advance(100), 20);
    await h.until(() => (breaker(h, 'crash')?.crashes.length ?? 0) >= 1, 15_000, 'crashed');
    await h.until(() => !!h.runtime.runners.get('good')?.host(), 15_000, 'good back');
    clearInterval(ticker);
    expect(breaker(h, 'crash')!.lastError).toBe('update: host exited with code 3');
    for (const id of ['good', 'other']) {
      expect(breaker(h, id)!.totalFailures).toBe(0);
      expect(h.runtime.runners.get(id)!.supervision().lastKillReason).toBe('host exited with code 3');
    }
    expect(h.runtime.supervisor.isolated()).toEqual(['crash']);
    await h.until(() => h.runtime.runners.get('crash')?.host()?.key === 'plugin:crash', 15_000, 'crash alone');
    expect(h.runtime.runners.get('good')!.host()).toMatchObject({ key: 'first-party', shared: true });
  }, 30_000);
});
