/** Helpers of the display benchmark: fixture plugins, heartbeat readings, process figures. */
import type { FrameSummary } from '../core/display/timings.ts';
import { firstPartyIds } from '../core/plugins/package/install-meta.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../hono.config.ts';
import { sleep, startServer, type RunningServer } from './harness.ts';

export const BEHAVE = path.join(PROJECT_ROOT, 'test/fixtures/plugins/behave/plugin.js');
/** `BENCH_DISPLAY_SECONDS` (default 20) is the length of the scrolling-text measurement. */
export const SECONDS = Number(process.env.BENCH_DISPLAY_SECONDS ?? 20);
export const S = 'display';

export type Frames = FrameSummary;
export type Info = {
  frames: Frames;
  db_writes: number;
  screen: { plugin_id: string | null };
  plugins: Record<string, { failures: number }>;
};

/**
 * A temporary root plugin hosts can reach: when Marquee runs as root its hosts run as another
 * user, who must be able to enter it to read a plugin's folder and write its data folder.
 */
export function reachableRoot(prefix: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(root, 0o755);
  return root;
}

/** A config folder and a plugin folder holding copies of the configurable test plugin. */
export function prepare(plugins: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  const root = reachableRoot('marquee-bench-display-');
  const config: Record<string, unknown> = { ...extra };
  for (const [id, cfg] of Object.entries(plugins)) {
    const dir = path.join(root, 'plugin-repos', id);
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(BEHAVE, path.join(dir, 'plugin.js'));
    fs.writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({ id, name: id, version: '1.0.0', entry_point: 'plugin.js', display_modes: [id] }),
    );
    config[id] = { enabled: true, ...cfg };
  }
  fs.mkdirSync(path.join(root, 'config'));
  fs.writeFileSync(path.join(root, 'config', 'config.json'), JSON.stringify(config));
  return {
    MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
    MARQUEE_CONFIG_DIR: path.join(root, 'config'),
    MARQUEE_DATA_DIR: path.join(root, 'data'),
  };
}

/** The web process's display child; other children come and go (a Python check, a preview host). */
export const displayPid = (s: RunningServer) => {
  const children = fs.readFileSync(`/proc/${s.pid}/task/${s.pid}/children`, 'utf8').trim().split(/\s+/);
  const isDisplay = (pid: string) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('display');
    } catch {
      return false;
    }
  };
  return Number(children.find(isDisplay) ?? children[0]);
};
export const cpuTicks = (pid: number) => {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(f[11]) + Number(f[12]);
};
export async function heartbeat(s: RunningServer): Promise<{ at: number; info: Info }> {
  const body = (await (await fetch(`${s.url}/api/v3/health`)).json()) as {
    data: { checks: { display: { heartbeat_age_ms: number; info: Info } } };
  };
  const d = body.data.checks.display;
  return { at: Date.now() - d.heartbeat_age_ms, info: d.info };
}
/** Waits for the next heartbeat (the display writes one per flush). */
export async function nextBeat(s: RunningServer, after: number) {
  for (;;) {
    const b = await heartbeat(s);
    if (b.info && b.at > after) return b;
    await sleep(200);
  }
}

/** Reads the SSE preview for `ms`: frames per second delivered and the age of each on arrival. */
export async function preview(url: string, ms: number) {
  const ac = new AbortController();
  const res = await fetch(`${url}/api/v3/stream/display`, { signal: ac.signal });
  const reader = res.body!.getReader();
  const ages: number[] = [];
  const t0 = performance.now();
  let buf = '';
  try {
    while (performance.now() - t0 < ms) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += new TextDecoder().decode(value);
      for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
        const line = buf
          .slice(0, i)
          .split('\n')
          .find((l) => l.startsWith('data: '));
        buf = buf.slice(i + 2);
        if (line) ages.push(Date.now() - Date.parse((JSON.parse(line.slice(6)) as { timestamp: string }).timestamp));
      }
    }
  } finally {
    ac.abort();
  }
  ages.sort((a, b) => a - b);
  return { fps: ages.length / (ms / 1000), p95Age: ages[Math.floor(ages.length * 0.95)] ?? NaN };
}

/** The real server with the emulator panel at the 128×32. */
export const startPanel = (env: Record<string, string>) =>
  startServer({ ...env, MARQUEE_DISPLAY_BACKEND: 'emulator', MARQUEE_PANEL_COLS: '128', MARQUEE_PANEL_ROWS: '32' });

/**
 * The shipped first-party plugins, all enabled, in a temp plugins folder; weather asks a loopback
 * stand-in for Open-Meteo (`weatherUrl`), so nothing leaves the machine.
 */
export function prepareFirstParty(weatherUrl: string) {
  const root = reachableRoot('marquee-bench-first-party-');
  const repos = path.join(PROJECT_ROOT, 'plugin-repos');
  const config: Record<string, unknown> = {};
  for (const id of firstPartyIds(repos)) {
    fs.cpSync(path.join(repos, id), path.join(root, 'plugin-repos', id), { recursive: true });
    config[id] = { enabled: true, display_duration: 5 };
  }
  config.weather = { ...(config.weather as object), latitude: 32.78, longitude: -96.8, api_url: weatherUrl };
  fs.mkdirSync(path.join(root, 'config'));
  fs.writeFileSync(path.join(root, 'config', 'config.json'), JSON.stringify(config));
  return {
    ids: Object.keys(config),
    env: {
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      // Copies outside the source tree are still Marquee's own: the folder is the built-in one.
      MARQUEE_BUILTIN_PLUGINS_DIR: path.join(root, 'plugin-repos'),
    },
  };
}
