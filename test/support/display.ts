import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { loadSettings, type Settings } from '../../hono.config.ts';
import { openSqlite, type Sqlite } from '../../db/sqlite.ts';
import { openDb, type Db } from '../../db/client.ts';
import { preparePlugins } from '../../core/plugins/startup.ts';
import { getPluginState, recordEnabled } from '../../core/plugins/state/rows.ts';
import type { LifecycleDeps } from '../../core/plugins/staging/staging.ts';
import { createEmulatorBackend } from '../../core/render/backends/emulator.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { createDisplayRuntime, type DisplayRuntime } from '../../core/display/runtime.ts';
import type { ScreenStatus } from '../../core/display/loop.ts';
import { createHostPlatform, type HostPlatform } from '../../core/hosts/platform.ts';
import { tempDir } from './temp.ts';

export const BEHAVE = path.join(import.meta.dirname, '../fixtures/plugins/behave/plugin.js');

/**
 * A temporary folder plugin hosts can reach: when the tests run as root, hosts run as another
 * user, who must be able to enter it to read a plugin's folder and write its data folder.
 */
export function hostReachableDir(prefix: string): string {
  const dir = tempDir(prefix);
  fs.chmodSync(dir, 0o755);
  return dir;
}

/** Writes a plugin folder `<pluginsDir>/<id>` running the configurable test plugin. */
export function writePlugin(pluginsDir: string, id: string, manifest: Record<string, unknown> = {}, source = BEHAVE) {
  const dir = path.join(pluginsDir, id);
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(source, path.join(dir, 'plugin.js'));
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ id, name: id, version: '1.0.0', entry_point: 'plugin.js', display_modes: [id], ...manifest }),
  );
  return dir;
}

/** Replaces config/config.json atomically, as the config store does. */
export function writeConfig(configDir: string, config: Record<string, unknown>) {
  fs.mkdirSync(configDir, { recursive: true });
  const file = path.join(configDir, 'config.json');
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(config));
  fs.renameSync(`${file}.tmp`, file);
}

export interface RuntimeHarness {
  runtime: DisplayRuntime;
  settings: Settings;
  db: Sqlite;
  clock: ReturnType<typeof manualClock>;
  log: ReturnType<typeof memoryLogger>;
  statuses: ScreenStatus[];
  /** performance.now() of every pushed frame. */
  frameTimes: number[];
  /** Every pushed frame's pixels, when `keepFrames` was asked for. */
  frames: Buffer[];
  pushes: () => number;
  /** Color of the top-left pixel of the last pushed frame. */
  pixel(x?: number, y?: number): [number, number, number];
  /** The last pushed frame's pixels (RGB, rows top to bottom). */
  frame(): Buffer;
  brightness(): number;
  /** A second connection to the same database, as the web process has. */
  web: Db;
  /** The web process's side for lifecycle calls (plugin_state) over `web`. */
  webDeps: LifecycleDeps;
  /**
   * Replaces config.json and, for each plugin whose `enabled` changed, records it in plugin_state
   * as the toggle operation does (config first, then `recordEnabled`).
   */
  setConfig(config: Record<string, unknown>): void;
  /** Frames the runtime drew off screen for the Plugins page's rows, oldest first. */
  rowFrames: Array<{ id: string; rgb: Uint8Array }>;
  /** The plugins' row states, as last sent. */
  rowStates(): Record<string, string> | null;
  /** Resolves once `check` holds (checked every 10 ms and on each status), failing after `ms`. */
  until(check: () => boolean, ms?: number, what?: string): Promise<void>;
  /** Resolves after `n` more runtime ticks (plugin lifecycles, desired state), whatever the clock says. */
  ticked(n?: number): Promise<void>;
}

/**
 * How many frames the display pushed while something was outstanding: from when `begun` holds to
 * when `over` does. A loop that waited on it would push none in between; the timeout is a safety
 * net, not the claim.
 */
export async function framesWhile(
  h: RuntimeHarness,
  begun: () => boolean,
  over: () => boolean,
  what: string,
  ms = 20_000,
): Promise<number> {
  await h.until(begun, ms, `${what} begun`);
  const from = h.frameTimes.length;
  await h.until(over, ms, `${what} over`);
  return h.frameTimes.length - from;
}

const running: Array<() => Promise<void>> = [];
let platform: Promise<HostPlatform> | null = null;

/** The plugin host platform, found once per test file (as the display finds it once per process). */
export const hostPlatform = () => (platform ??= createHostPlatform({ hostUser: { uid: 65_534, gid: 65_534 } }));

/**
 * A real display runtime in this process: real SQLite file, real plugin folders and plugin host
 * processes, the emulator backend, a manual clock for dwell and breaker times.
 */
export async function startRuntime(
  opts: {
    plugins?: Record<string, Record<string, unknown>>;
    config?: Record<string, unknown>;
    settings?: Record<string, unknown>;
    width?: number;
    height?: number;
    hosts?: HostPlatform;
    /** The plugins folder is the built-in one: its plugins are first-party (they share a host). */
    firstParty?: boolean;
    /** Keep every pushed frame (`frames`). */
    keepFrames?: boolean;
  } = {},
): Promise<RuntimeHarness> {
  const root = hostReachableDir('marquee-display-');
  const settings = loadSettings(
    {},
    {
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugin-repos'),
      logLevel: 'debug',
      'plugins.renderDeadlineMs': 300,
      'plugins.updateDeadlineMs': 1_000,
      'plugins.loadDeadlineMs': 5_000,
      ...(opts.firstParty ? { 'registry.builtinDir': path.join(root, 'plugin-repos') } : {}),
      ...opts.settings,
    },
  );
  for (const [id, manifest] of Object.entries(opts.plugins ?? {})) writePlugin(settings.pluginsDir, id, manifest);
  writeConfig(settings.configDir, opts.config ?? {});
  const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0));
  const log = memoryLogger(clock);
  // What the web process does before the display reads anything: plugin folders and config's
  // enabled flags into plugin_state.
  const web = openDb(settings.dataDir);
  const webDeps: LifecycleDeps = { settings, db: web, clock, log: memoryLogger(clock), version: '0.1.0' };
  await preparePlugins(webDeps);
  const db = openSqlite(settings.dataDir);
  const backend = createEmulatorBackend(opts.width ?? 32, opts.height ?? 16);
  const statuses: ScreenStatus[] = [];
  const frameTimes: number[] = [];
  const frames: Buffer[] = [];
  const waiters = new Set<() => void>();
  const rowFrames: RuntimeHarness['rowFrames'] = [];
  let rowStates: Record<string, string> | null = null;
  const runtime = createDisplayRuntime({
    settings,
    clock,
    log,
    sqlite: db.sqlite,
    backend,
    hosts: opts.hosts ?? (await hostPlatform()),
    onFrame: (rgb) => {
      frameTimes.push(performance.now());
      if (opts.keepFrames) frames.push(Buffer.from(rgb));
    },
    onStatus: (s) => (statuses.push(s), waiters.forEach((w) => w())),
    onRowFrame: (id, rgb) => void rowFrames.push({ id, rgb: rgb.slice() }),
    onRowStates: (s) => void (rowStates = s),
  });
  const ac = new AbortController();
  const loop = runtime.loop.run(ac.signal);
  let ticks = 0;
  const ticker = setInterval(() => (runtime.tick(), (ticks += 1)), 50);
  running.push(async () => {
    clearInterval(ticker);
    ac.abort();
    await loop;
    await runtime.stop();
    db.close();
    web.close();
  });
  const until: RuntimeHarness['until'] = (check, ms = 5_000, what = 'condition') =>
    new Promise((resolve, reject) => {
      const done = () => {
        if (!check()) return;
        (clearInterval(poll), clearTimeout(timer), waiters.delete(done));
        resolve();
      };
      const poll = setInterval(done, 10);
      const timer = setTimeout(
        () => (clearInterval(poll), waiters.delete(done), reject(new Error(`timed out waiting for ${what}`))),
        ms,
      );
      waiters.add(done);
      done();
    });
  return {
    runtime,
    settings,
    db,
    clock,
    log,
    statuses,
    frameTimes,
    rowFrames,
    rowStates: () => rowStates,
    frames,
    pushes: () => backend.latest().pushes,
    pixel(x = 0, y = 0) {
      const { rgb } = backend.latest();
      const i = (y * backend.width + x) * 3;
      return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
    },
    brightness: () => backend.latest().brightness,
    frame: () => Buffer.from(backend.latest().rgb),
    web,
    webDeps,
    setConfig(config) {
      writeConfig(settings.configDir, config);
      for (const [id, section] of Object.entries(config)) {
        const enabled = (section as { enabled?: unknown } | null)?.enabled;
        if (typeof enabled === 'boolean' && getPluginState(webDeps, id)?.enabled !== enabled)
          recordEnabled(webDeps, id, enabled);
      }
    },
    ticked(n = 1) {
      const from = ticks;
      return until(() => ticks >= from + n, 15_000, `${n} more ticks`);
    },
    until,
  };
}

afterEach(async () => {
  for (const stop of running.splice(0)) await stop();
});
