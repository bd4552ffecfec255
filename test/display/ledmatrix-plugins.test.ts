import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHealthRow } from '../../core/display/health-store.ts';
import { createHostPlatform, type HostPlatform } from '../../core/hosts/platform.ts';
import { compareWithGolden, DISPLAY_GOLDEN_DIR } from '../hosts/python/golden.ts';
import { installPluginDependencies } from '../../core/hosts/python/venv.ts';
import { PYTHON } from '../hosts/python/host-process.ts';
import { buildWheel, servePackageIndex } from '../hosts/python/package-index.ts';
import { installLedMatrixPlugins, LEDMATRIX_FIXTURES } from '../support/ledmatrix.ts';
import { startRuntime, type RuntimeHarness } from '../support/display.ts';

let platform: Promise<HostPlatform> | null = null;
/** Python hosts whose plugins read the display's (manual) clock inside display(), so frames are reproducible. */
const hosts = () =>
  (platform ??= createHostPlatform({ hostUser: { uid: 65_534, gid: 65_534 }, python: { clockFromRender: true } }));

const SETTINGS = { 'plugins.renderDeadlineMs': 2_000, 'plugins.loadDeadlineMs': 15_000 };

/** A display at width × 32 showing the given LEDMatrix fixture plugins, installed as an install records them. */
async function display(width: number, config: Record<string, unknown>, settings: Record<string, unknown> = SETTINGS) {
  const h = await startRuntime({ width, height: 32, hosts: await hosts(), config, settings });
  installLedMatrixPlugins(
    h,
    Object.keys(config).filter((k) => k !== 'display' && k !== 'timezone'),
  );
  return h;
}

const onScreen = (h: RuntimeHarness, id: string) => () => h.statuses.at(-1)?.plugin_id === id && h.pushes() > 0;
const runner = (h: RuntimeHarness, id: string) => h.runtime.runners.get(id);

describe('LEDMatrix plugins on the display, each in a Python host of its own', () => {
  for (const width of [64, 128]) {
    it(`shows a text plugin's frame pixel for pixel at ${width}x32, with its own duration, in a python host`, async () => {
      const h = await display(width, { 'hello-text': { enabled: true, message: 'Hello' } });
      await h.until(onScreen(h, 'hello-text'), 20_000, 'hello-text on screen');
      await h.until(() => h.frame().some((v) => v !== 0), 5_000, 'a lit frame');
      expect(compareWithGolden(`hello-text-${width}x32`, h.frame(), width, 32, DISPLAY_GOLDEN_DIR)).toEqual([]);
      // get_display_duration(): the schema's default of 12 s (LEDMatrix's rule), not Marquee's 15 s.
      expect(runner(h, 'hello-text')!.durationMs()).toBe(12_000);
      const report = h.runtime.report();
      const host = report.hosts.find((x) => x.plugins.includes('hello-text'))!;
      expect(host).toMatchObject({ key: 'plugin:hello-text', runtime: 'python', shared: false, starts: 1 });
      expect(host.pid).toBeGreaterThan(1);
      expect(host.rss_mb).toBeGreaterThan(0);
      // The host confined itself before importing the plugin, and said so.
      expect(h.log.lines.some((l) => /confined with Landlock ABI \d/.test(String(l.msg)))).toBe(true);
    });
  }

  it('gives a clock the device time zone from config.json, drawn at the display clock’s instant', async () => {
    for (const [width, zone, name] of [
      [64, 'America/New_York', 'tz-clock-new-york-64x32'],
      [128, 'Asia/Tokyo', 'tz-clock-tokyo-128x32'],
    ] as const) {
      const h = await display(width, { timezone: zone as never, 'tz-clock': { enabled: true } });
      await h.until(onScreen(h, 'tz-clock'), 20_000, 'tz-clock on screen');
      await h.until(() => h.frame().some((v) => v !== 0), 5_000, 'a lit frame');
      expect(compareWithGolden(name, h.frame(), width, 32, DISPLAY_GOLDEN_DIR)).toEqual([]);
    }
  });

  it('drives update() on the manifest interval: the cache plugin keeps its runs in its data folder', async () => {
    const h = await display(64, { 'cache-ttl': { enabled: true } });
    await h.until(() => runner(h, 'cache-ttl')?.phase() === 'ready', 20_000, 'cache-ttl ready');
    await h.until(() => runner(h, 'cache-ttl')!.metrics().update.count >= 1, 10_000, 'first update');
    // The manifest says nothing: LEDMatrix's 60 s. Past it, the next update runs.
    h.clock.advance(61_000);
    await h.until(() => runner(h, 'cache-ttl')!.metrics().update.count >= 2, 10_000, 'second update');
    expect(runner(h, 'cache-ttl')!.breaker()).toMatchObject({ state: 'closed', consecutiveFailures: 0 });
    const cacheDir = path.join(h.settings.dataDir, 'plugins', 'cache-ttl', 'cache');
    expect(fs.readdirSync(cacheDir)).toEqual(expect.arrayContaining(['runs.json', 'kept.json']));
    expect(JSON.parse(fs.readFileSync(path.join(cacheDir, 'runs.json'), 'utf8'))).toMatchObject({ data: 2 });
  });

  it("a dynamic duration: the dwell lasts at least the plugin's duration, then ends once its cycle is complete, before the cap", async () => {
    const h = await display(64, {
      cycles: {
        enabled: true,
        display_duration: 2,
        cycle_frames: 4,
        dynamic_duration: { enabled: true, max_duration_seconds: 60 },
      },
      'hello-text': { enabled: true, message: 'Hello' },
      display: { plugin_rotation_order: ['cycles', 'hello-text'] },
    });
    // Whichever plugin loaded first is shown first: the clock moves until the cycles plugin's turn.
    await h.until(() => runner(h, 'cycles')?.phase() === 'ready', 20_000, 'cycles ready');
    const turn = setInterval(() => h.clock.advance(1_000), 50);
    await h.until(onScreen(h, 'cycles'), 20_000, 'cycles on screen').finally(() => clearInterval(turn));
    expect(runner(h, 'cycles')!.dynamic()).toEqual({ minMs: 2_000, maxMs: 60_000 });
    // The dwell began at its `until` less the cap (a dynamic dwell is planned for its longest).
    const since = h.statuses.at(-1)!.until! - 60_000;
    // The display's clock moves a second for each frame the plugin draws (it draws one a second),
    // so the cycle and the dwell are measured in the same time however slow the machine is.
    let drawn = runner(h, 'cycles')!.metrics().render.count;
    const ticker = setInterval(() => {
      const now = runner(h, 'cycles')?.metrics().render.count ?? drawn;
      if (now > drawn) (h.clock.advance((now - drawn) * 1_000), (drawn = now));
    }, 20);
    try {
      await h.until(() => h.statuses.at(-1)?.plugin_id === 'hello-text', 30_000, 'the rotation moves on');
    } finally {
      clearInterval(ticker);
    }
    const dwell = h.clock.now() - since;
    // Not before the minimum and its half second, and long before the cap: the cycle ended it.
    expect(dwell).toBeGreaterThanOrEqual(2_500);
    expect(dwell).toBeLessThan(30_000);
    // Entering the mode reset the plugin's cycle, and the cycle was complete when the dwell ended.
    const info = await h.runtime.action('cycles', 'info', {});
    expect(info).toMatchObject({ ok: true, reply: { result: { resets: 1, frames: expect.any(Number) } } });
    expect((info as unknown as { reply: { result: { frames: number } } }).reply.result.frames).toBeGreaterThanOrEqual(
      4,
    );
  });

  it('live priority: live content takes the panel from the rotation only with live_priority set', async () => {
    const h = await display(64, {
      'hello-text': { enabled: true, message: 'Hello', display_duration: 60 },
      'live-game': { enabled: true, game_on: true, live_priority: false },
      display: { plugin_rotation_order: ['hello-text', 'live-game'] },
    });
    await h.until(() => runner(h, 'live-game')?.phase() === 'ready', 20_000, 'live-game ready');
    // Whichever loaded first is shown first: the clock moves until the text plugin's turn.
    await h.until(() => runner(h, 'hello-text')?.phase() === 'ready', 20_000, 'hello-text ready');
    const turn = setInterval(() => h.clock.advance(1_000), 50);
    await h.until(onScreen(h, 'hello-text'), 20_000, 'hello-text on screen').finally(() => clearInterval(turn));
    expect(runner(h, 'live-game')!.live()).toBe(false);
    h.setConfig({
      'hello-text': { enabled: true, message: 'Hello', display_duration: 60 },
      'live-game': { enabled: true, game_on: true, live_priority: true },
      display: { plugin_rotation_order: ['hello-text', 'live-game'] },
    });
    // Within the text plugin's 60 s dwell, on the display's unmoving clock: only live priority can do this.
    await h.until(onScreen(h, 'live-game'), 10_000, 'live-game takes the panel');
    expect(h.pixel()).toEqual([255, 0, 255]);
    expect(h.statuses.at(-1)).toMatchObject({ plugin_id: 'live-game', source: 'live' });
  });

  it('a plugin that ends its host (os._exit) three times within ten minutes is quarantined', async () => {
    // A short cooldown: the breaker opens after three failures, and its trials bring the third crash.
    const h = await display(
      64,
      { raises: { enabled: true, crash: true } },
      { ...SETTINGS, 'plugins.breakerCooldownMs': 1_000 },
    );
    const ticker = setInterval(() => h.clock.advance(200), 50);
    try {
      await h.until(() => runner(h, 'raises')?.breaker().quarantinedAt != null, 40_000, 'quarantined');
    } finally {
      clearInterval(ticker);
    }
    expect(runner(h, 'raises')!.phase()).toBe('quarantined');
    expect(readHealthRow(h.db.sqlite, 'raises')!.quarantinedAt).not.toBeNull();
    expect(runner(h, 'raises')!.supervision().lastKillReason).toBe('host exited with code 3');
  }, 60_000);

  it("a plugin with dependencies runs under its own venv's interpreter and imports them from it", async () => {
    const index = await servePackageIndex([
      buildWheel('marquee-dot', '1.0.0', 'marquee_dot', 'COLOR = (12, 34, 56)\n'),
    ]);
    const h = await startRuntime({
      width: 64,
      height: 32,
      hosts: await hosts(),
      config: { 'with-deps': { enabled: true } },
      settings: SETTINGS,
    });
    // As an install leaves it: the venv inside the plugin's folder, then the plugin_state row.
    const dir = path.join(h.settings.pluginsDir, 'with-deps');
    fs.cpSync(path.join(LEDMATRIX_FIXTURES, 'with-deps'), dir, { recursive: true });
    await installPluginDependencies({
      pluginDir: dir,
      venvDir: path.join(dir, '.venv'),
      indexUrl: index.url,
      python: PYTHON,
    });
    installLedMatrixPlugins(h, ['with-deps']);
    await h.until(onScreen(h, 'with-deps'), 30_000, 'with-deps on screen');
    await h.until(() => h.pixel()[0] === 12, 5_000, 'its dot');
    expect(h.pixel()).toEqual([12, 34, 56]);
    const pid = h.runtime.report().hosts.find((x) => x.key === 'plugin:with-deps')!.pid!;
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(argv[0]).toBe(path.join(fs.realpathSync(dir), '.venv', 'bin', 'python'));
  }, 120_000);

  it('a display() that raises opens the breaker after 3 failures, with the traceback’s error, and the host lives on', async () => {
    const h = await display(64, {
      raises: { enabled: true, always: true, display_only: true },
      'hello-text': { enabled: true, message: 'Hello' },
    });
    const ticker = setInterval(() => h.clock.advance(1_000), 50);
    try {
      await h.until(() => runner(h, 'raises')?.breaker().state === 'open', 30_000, 'breaker open');
    } finally {
      clearInterval(ticker);
    }
    expect(runner(h, 'raises')!.breaker().lastError).toMatch(/KeyError: 'missing'/);
    expect(runner(h, 'raises')!.supervision().lastKillReason ?? null).toBeNull();
    expect(readHealthRow(h.db.sqlite, 'raises')).toMatchObject({ circuitState: 'open' });
    await h.until(onScreen(h, 'hello-text'), 10_000, 'the other plugin on screen');
  });

  it('a display() that never returns gets its host killed at the render deadline and is blamed', async () => {
    const h = await display(
      64,
      { hangs: { enabled: true }, 'hello-text': { enabled: true, message: 'Hello' } },
      {
        ...SETTINGS,
        'plugins.renderDeadlineMs': 500,
      },
    );
    await h.until(() => (runner(h, 'hangs')?.breaker().consecutiveFailures ?? 0) >= 1, 30_000, 'hang blamed');
    const s = runner(h, 'hangs')!.supervision();
    expect(s.lastKillReason).toBe('render missed its deadline of 500 ms');
    expect(runner(h, 'hangs')!.breaker().lastError).toMatch(/render missed its deadline of 500 ms/);
    // The other plugin's host was not touched.
    const other = h.runtime.report().hosts.find((x) => x.key === 'plugin:hello-text');
    expect(other?.starts).toBe(1);
    await h.until(onScreen(h, 'hello-text'), 10_000, 'the other plugin on screen');
    // Killed three times in a row (its restarts' backoffs passing): its breaker opens, as a JavaScript plugin's does.
    const ticker = setInterval(() => h.clock.advance(1_000), 50);
    try {
      await h.until(() => runner(h, 'hangs')?.breaker().state === 'open', 40_000, 'breaker open');
    } finally {
      clearInterval(ticker);
    }
    expect(runner(h, 'hangs')!.supervision().restarts).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
