/**
 * Idle CPU as the performance issue states it: Marquee started as `npm start` starts it, with the
 * default config (an empty config folder: the first start turns on the clock and the web UI
 * address) and the first-party plugins, left alone until settled, then the CPU time (utime +
 * stime from /proc) of every process of the tree (web, display, plugin hosts and their wrappers)
 * over `BENCH_IDLE_SECONDS` (default 60) as a percentage of one core. Each kind of process's
 * share and its wake-ups per second are printed beside it, to show which one wakes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { reachableRoot } from '../display-support.ts';
import { sleep, startServer, type Row, type RunningServer, type Scenario } from '../harness.ts';
import { cpuSeconds, processTree } from '../proc-stats.ts';

const NAME = 'idle';
const SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
/**
 * Waited after the first plugin frame: start-up work ends (the first reconcile, the registry's
 * first read) and so do V8's heap reductions once a process turns idle (three full collections
 * some 30 to 80 s after start on a busy machine, about 0.1 s of CPU in the web process alone).
 */
const SETTLE_SECONDS = Number(process.env.BENCH_IDLE_SETTLE_SECONDS ?? 120);

/** One number per live thread of `pid`, summed; 0 once the process has ended. */
function perThread(pid: number, read: (task: string) => number): number {
  try {
    return fs.readdirSync(`/proc/${pid}/task`).reduce((n, tid) => n + read(`/proc/${pid}/task/${tid}`), 0);
  } catch {
    return 0;
  }
}

/** Times a thread went to sleep (each ends in a wake-up; being preempted on a busy machine is not counted). */
const sleeps = (task: string) =>
  Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(fs.readFileSync(`${task}/status`, 'utf8'))?.[1] ?? 0);
/** Nanoseconds a thread spent on a CPU (exact, where utime and stime count clock ticks). */
const runNs = (task: string) => Number(fs.readFileSync(`${task}/schedstat`, 'utf8').split(' ')[0]);

/** What a process of the tree is: web, display, plugin host, or the wrapper a host runs in. */
function roleOf(pid: number): string {
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return 'ended';
  }
  const program = path.basename(argv[0] ?? '?');
  const line = argv.join(' ');
  if (program !== 'node') return `host wrapper (${program})`;
  if (line.includes('server.mjs')) return 'web';
  if (line.includes('display.mjs')) return 'display';
  if (line.includes('plugin-host')) return 'plugin host';
  return program;
}

interface Sample {
  cpu: number;
  ns: number;
  wakes: number;
}

const sample = (pids: number[]) =>
  new Map(
    pids.map((p): [number, Sample] => [
      p,
      { cpu: cpuSeconds(p), ns: perThread(p, runNs), wakes: perThread(p, sleeps) },
    ]),
  );

/** Resolves once the display logs its first plugin frame (it reaches the web process's stdout). */
async function firstPluginFrame(s: RunningServer, ms: number): Promise<void> {
  const t0 = performance.now();
  while (!s.logs().some((l) => l.msg === 'first plugin frame')) {
    if (performance.now() - t0 > ms) throw new Error(`no plugin frame within ${ms} ms`);
    await sleep(200);
  }
}

/** A fresh install: the first-party plugins copied, no config, no data. */
function freshInstall(): { env: Record<string, string>; root: string } {
  // Reachable by the plugin hosts' user when the bench runs as root.
  const root = reachableRoot('marquee-bench-idle-');
  const plugins = path.join(root, 'plugin-repos');
  fs.cpSync(path.join(PROJECT_ROOT, 'plugin-repos'), plugins, { recursive: true });
  const env = {
    // The plugins folder is also the built-in one, as in the project's own folder.
    MARQUEE_PLUGINS_DIR: plugins,
    MARQUEE_BUILTIN_PLUGINS_DIR: plugins,
    MARQUEE_CONFIG_DIR: path.join(root, 'config'),
    MARQUEE_DATA_DIR: path.join(root, 'data'),
    // As a user runs it: sign-in on, the default backend choice, log level and panel size.
    MARQUEE_AUTH: 'on',
  };
  return { env, root };
}

/** CPU and wake-ups of every process below `pid` (and itself) over SECONDS, as rows. */
async function measure(pid: number, row: (metric: string, value: number, unit: string, target?: string) => void) {
  const before = sample(processTree(pid));
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const after = sample(processTree(pid));
  const byRole = new Map<string, Sample & { n: number }>();
  const total = { cpu: 0, ns: 0, wakes: 0, n: 0 };
  for (const [p, end] of after) {
    // A process started during the window counts from its start.
    const start = before.get(p) ?? { cpu: 0, ns: 0, wakes: 0 };
    const role = roleOf(p);
    const r = byRole.get(role) ?? { cpu: 0, ns: 0, wakes: 0, n: 0 };
    for (const sum of [r, total]) {
      sum.cpu += end.cpu - start.cpu;
      sum.ns += end.ns - start.ns;
      sum.wakes += end.wakes - start.wakes;
      sum.n += 1;
    }
    byRole.set(role, r);
  }
  const pct = (cpuS: number) => Math.round((10_000 * cpuS) / elapsed) / 100;
  const perS = (n: number) => Math.round((n / elapsed) * 10) / 10;
  row(`CPU of all ${total.n} processes over ${SECONDS} s, default plugins`, pct(total.cpu), '% of one core', '<= 0.5');
  row('the same from schedstat (time on a CPU of the threads alive at the end)', pct(total.ns / 1e9), '% of one core');
  for (const [role, r] of byRole) {
    const label = r.n > 1 ? `${role} (${r.n})` : role;
    row(`${label}: CPU`, pct(r.cpu), `% of one core (schedstat ${pct(r.ns / 1e9)} %)`);
    row(`${label}: wake-ups (all threads)`, perS(r.wakes), 'per s');
  }
}

export const scenario: Scenario = {
  name: NAME,
  async run() {
    const rows: Row[] = [];
    const row = (metric: string, value: number, unit: string, target?: string) =>
      rows.push({ scenario: NAME, metric, value, unit, target });
    row('load average (1 min) before', os.loadavg()[0]!, '');
    const { env, root } = freshInstall();
    const s = await startServer(env);
    try {
      await firstPluginFrame(s, 60_000);
      await sleep(SETTLE_SECONDS * 1000);
      await measure(s.pid, row);
    } finally {
      await s.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
    row('load average (1 min) after', os.loadavg()[0]!, '');
    return rows;
  },
};
