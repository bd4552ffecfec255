import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHealthRow } from '../../core/display/health-store.ts';
import { startDisplayProcess, type DisplayProcess } from '../../core/app/display.ts';
import { preparePlugins } from '../../core/plugins/startup.ts';
import { readHeartbeat, writeHeartbeat } from '../../core/platform/heartbeat.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { hostReachableDir, writeConfig, writePlugin } from '../support/display.ts';

const RED = [255, 0, 0];
const GREEN = [0, 255, 0];
const started: DisplayProcess[] = [];
type Frames = { frames: number; dropped: number; p50_ms: number; p99_ms: number; max_ms: number };

afterEach(async () => {
  for (const d of started.splice(0)) await d.shutdown('test over');
});

/** Plugin folders and config.json in place, then web's side (plugin_state, its heartbeat) over the same files. */
async function setup(plugins: string[], config: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  const root = hostReachableDir('marquee-display-state-');
  const dirs = {
    dataDir: path.join(root, 'data'),
    configDir: path.join(root, 'config'),
    pluginsDir: path.join(root, 'plugin-repos'),
  };
  for (const id of plugins) writePlugin(dirs.pluginsDir, id);
  writeConfig(dirs.configDir, config);
  const deps = testDeps({
    ...dirs,
    logLevel: 'error',
    'display.rows': 16,
    'display.cols': 32,
    'display.flushMs': 500,
    'plugins.renderDeadlineMs': 1_000,
    'plugins.updateDeadlineMs': 1_000,
    ...settings,
  });
  await preparePlugins(deps);
  writeHeartbeat(deps.db.sqlite, deps.clock, 'web', deps.clock.now());
  // The display shares the web side's manual clock: dwells, breaker cooldowns and heartbeat ages move together.
  const start = async () => {
    const d = await startDisplayProcess(deps.settings, deps.clock);
    started.push(d);
    return d;
  };
  return { deps, start };
}

async function waitFor(check: () => boolean, ms: number, what: string) {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('what the display process reports in GET /api/v3/health', () => {
  it('a panel that failed to start: degraded, names the fallback, and carries the frame timings', async () => {
    const { deps, start } = await setup(
      ['scroll'],
      { scroll: { enabled: true, color: RED, scroll: 'HELLO', fps: 30 } },
      { 'display.backend': 'rpi' },
    );
    const display = await start();
    expect(display.backend).toMatchObject({
      requested: 'rpi',
      fallback: expect.stringMatching(/^panel did not start/),
    });
    // The heartbeat (written every flushMs) carries the loop's frame intervals once frames flow.
    const frames = () => readHeartbeat(deps.db.sqlite, 'display')?.info.frames as Frames | undefined;
    await waitFor(
      () => (frames()?.frames ?? 0) >= 20 && frames()!.p50_ms > 0,
      10_000,
      'frame timings in the heartbeat',
    );

    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/health');
    expect(res.status).toBe(200);
    type Check = { info: { frames: Frames } };
    const { data } = (await res.json()) as { data: { status: string; checks: Record<string, Check> } };
    expect(data.status).toBe('degraded');
    const check = data.checks.display!;
    expect(check).toMatchObject({
      status: 'degraded',
      detail: expect.stringMatching(/^alive on the emulator: panel did not start: /),
      pid: process.pid,
      info: {
        backend: 'emulator',
        requested_backend: 'rpi',
        fallback: display.backend.fallback,
        screen: { state: 'showing', plugin_id: 'scroll' },
      },
    });
    const t = check.info.frames;
    expect(t.frames).toBeGreaterThanOrEqual(20);
    expect(t.dropped).toBeGreaterThanOrEqual(0);
    // A 30 fps plugin is paced, not drawn as fast as the loop can go: its median interval is at
    // least its period's share (a loaded machine only makes it longer; the figure is the display benchmark's).
    expect(t.p50_ms).toBeGreaterThan(20);
    expect(t.p99_ms).toBeGreaterThanOrEqual(t.p50_ms);
    expect(t.max_ms).toBeGreaterThanOrEqual(t.p99_ms);
  });
});

describe('a display restarted', () => {
  it('keeps a plugin whose persisted breaker is open stopped, even with its problem fixed, until it is reset', async () => {
    const order = { plugin_rotation_order: ['bad', 'good'] };
    const good = { enabled: true, color: GREEN, display_duration: 5 };
    const { deps, start } = await setup(['bad', 'good'], {
      bad: { enabled: true, color: RED, update: 'throw', display_duration: 5 },
      good,
      display: order,
    });
    const first = await start();
    // Restart backoffs (2 s, 4 s) pass on the manual clock; the 5 minute cooldown does not.
    const ticker = setInterval(() => deps.clock.advance(500), 50);
    await waitFor(() => first.runtime.runners.get('bad')?.breaker().state === 'open', 20_000, 'breaker open').finally(
      () => clearInterval(ticker),
    );
    await first.shutdown('restart');
    expect(readHealthRow(deps.db.sqlite, 'bad')).toMatchObject({ circuitState: 'open', consecutiveFailures: 3 });

    // The user fixes the plugin's settings; the open breaker still holds it after the restart.
    writeConfig(deps.settings.configDir, {
      bad: { enabled: true, color: RED, update: 'ok', display_duration: 5 },
      good,
      display: order,
    });
    const second = await start();
    const screen = () => second.runtime.loop.status();
    await waitFor(() => screen().plugin_id === 'good', 10_000, 'good on screen');
    const shown = new Set<string | null>();
    for (let i = 0; i < 4; i++) {
      deps.clock.advance(5_000);
      // A few control ticks (every 250 ms) after each dwell.
      for (let k = 0; k < 8; k++) {
        await new Promise((r) => setTimeout(r, 50));
        shown.add(screen().plugin_id);
      }
    }
    expect(shown).toEqual(new Set(['good']));
    const bad = second.runtime.runners.get('bad')!;
    expect(bad.phase()).toBe('stopped');
    expect(bad.breaker()).toMatchObject({ state: 'open', consecutiveFailures: 3 });
    expect(readHealthRow(deps.db.sqlite, 'bad')).toMatchObject({ circuitState: 'open', consecutiveFailures: 3 });

    const { app } = await testApp(deps);
    expect((await app.request('/api/v3/plugins/health/bad/reset', { method: 'POST' })).status).toBe(200);
    await waitFor(() => bad.breaker().state === 'closed' && bad.phase() === 'ready', 15_000, 'bad running again');
    const ticker2 = setInterval(() => deps.clock.advance(1_000), 100);
    await waitFor(() => screen().plugin_id === 'bad', 10_000, 'bad on screen').finally(() => clearInterval(ticker2));
  });
});
