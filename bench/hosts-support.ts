/** Helpers of the plugin host benchmark: the display's process tree, its memory and CPU, health polls. */
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../hono.config.ts';
import { INSTALL_META_FILE } from '../core/plugins/package/install-meta.ts';
import { cpuMsOf, descendantsOf, memoryOf } from '../core/hosts/proc-stats.ts';
import { displayPid } from './display-support.ts';
import { sleep, type RunningServer } from './harness.ts';

export const HOSTILE = path.join(PROJECT_ROOT, 'test/fixtures/plugins/hostile/plugin.js');
/** `BENCH_HOSTILE_SECONDS` (default 60): how long the scroller runs beside each hostile plugin. */
export const HOSTILE_SECONDS = Number(process.env.BENCH_HOSTILE_SECONDS ?? 60);

/** The display and every process below it (its plugin hosts and their PID-namespace wrappers). */
export const displayTree = (s: RunningServer) => {
  const display = displayPid(s);
  return [display, ...descendantsOf(display)];
};

const round = (mb: number) => Math.round(mb * 10) / 10;

/** RSS, PSS and USS in MB summed over `pids`. */
export function memoryMb(pids: number[]) {
  const figures = pids.map(memoryOf).filter((m) => m !== null);
  const sum = (k: 'rss' | 'pss' | 'uss') => round(figures.reduce((n, m) => n + m[k], 0) / 2 ** 20);
  return { rss: sum('rss'), pss: sum('pss'), uss: sum('uss') };
}

/** CPU time of `pids` so far, ms (processes that ended meanwhile are not counted). */
export const cpuMs = (pids: number[]) => pids.reduce((n, p) => n + (cpuMsOf(p) ?? 0), 0);

/** CPU share of one core used by the display and its hosts over `seconds`, percent. */
export async function treeCpuPct(s: RunningServer, seconds: number): Promise<number> {
  const pids = displayTree(s);
  const c0 = cpuMs(pids);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const now = displayTree(s);
  // Hosts started during the window add their whole CPU time; those that ended drop out.
  const c1 = cpuMs(now.filter((p) => pids.includes(p))) + cpuMs(now.filter((p) => !pids.includes(p)));
  return Math.round(((c1 - c0) / (performance.now() - t0)) * 1000) / 10;
}

export async function health(s: RunningServer, id: string): Promise<Record<string, any>> {
  const body = (await (await fetch(`${s.url}/api/v3/plugins/health/${id}`)).json()) as { data: Record<string, any> };
  return body.data;
}

/** Milliseconds until `check` holds, polling every 50 ms; NaN after `ms`. */
export async function msUntil(check: () => Promise<boolean>, ms: number): Promise<number> {
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    if (await check()) return Math.round(performance.now() - t0);
    await sleep(50);
  }
  return NaN;
}

/**
 * Adds a copy of the hostile test plugin to a prepared plugins folder, with an install record:
 * a plugin installed from elsewhere (third-party), which gets a host of its own.
 */
export function addHostile(pluginsDir: string, id: string) {
  const dir = path.join(pluginsDir, id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, INSTALL_META_FILE),
    JSON.stringify({ source: 'url', repo: null, installed_at: new Date().toISOString() }),
  );
  fs.copyFileSync(HOSTILE, path.join(dir, 'plugin.js'));
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ id, name: id, version: '1.0.0', entry_point: 'plugin.js', display_modes: [id] }),
  );
}
