import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../hono.config.ts';
import { WEB_NODE_ENV, WEB_NODE_FLAGS } from '../core/app/node-flags.ts';

/** One measured figure, printed as a row of the benchmark table. */
export interface Row {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** The figure to reach, e.g. "<= 5" or ">= 3000" (checked and shown as ok / MISSED). */
  target?: string;
}

export interface Scenario {
  name: string;
  run(): Promise<Row[]>;
}

export interface RunningServer {
  url: string;
  pid: number;
  root: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the "listening" log line. */
  startMs: number;
  /** Lines the server printed so far, parsed. */
  logs(): Array<Record<string, unknown>>;
  /** Everything it printed so far, as text: standard output, then standard error. */
  output(): string;
  stop(): Promise<number | null>;
}

/** With BENCH_CPU_PROF_DIR set, each server writes a V8 CPU profile there (see profile-summary.ts). */
const profileFlags = () =>
  process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [];

/** The web process's Node flags, or BENCH_WEB_NODE_FLAGS (space-separated) to try others. */
export const webFlags = (): readonly string[] =>
  process.env.BENCH_WEB_NODE_FLAGS?.split(' ').filter(Boolean) ?? WEB_NODE_FLAGS;

/**
 * Starts the real server (the bundle `npm start` runs; bench/run.ts builds it first) on a free loopback port with its own
 * temporary data, config and plugin folders. Resolves once it logs "listening".
 */
export async function startServer(
  env: Record<string, string> = {},
  entry = process.env.BENCH_SERVER_ENTRY ?? 'dist/server.mjs',
): Promise<RunningServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-'));
  const t0 = performance.now();
  // As `npm start` and the systemd unit run it.
  const args = entry.endsWith('.ts')
    ? ['--import', 'tsx', path.join(PROJECT_ROOT, entry)]
    : [...webFlags(), ...profileFlags(), path.join(PROJECT_ROOT, entry)];
  const child = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      PORT: '0',
      // Loopback, and no sign-in: a scenario that measures authentication turns it on.
      MARQUEE_HOST: '127.0.0.1',
      MARQUEE_AUTH: 'off',
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_LOG_LEVEL: 'info',
      ...WEB_NODE_ENV,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Lines are kept raw and parsed on demand, so reading them costs the load generator nothing.
  const raw: string[] = [];
  // Also passed on as it comes: a crash's trace shows even when nobody asks for `output()`.
  const errors: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    let listening = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      raw.push(text);
      if (listening) return;
      const m = /"msg":"listening"[^\n]*"url":"([^"]+)"/.exec(raw.join(''));
      if (m) {
        listening = true;
        resolve(m[1]!);
      }
    });
    child.stderr!.on('data', (d: Buffer) => {
      errors.push(d.toString());
      process.stderr.write(d);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  const startMs = performance.now() - t0;
  return {
    url,
    pid: child.pid!,
    root,
    child,
    startMs,
    logs: () =>
      raw
        .join('')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    output: () => raw.join('') + (errors.length ? `\n[stderr]\n${errors.join('')}` : ''),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', (code) => {
          fs.rmSync(root, { recursive: true, force: true });
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** A load from autocannon against `url` on loopback: bounded in time, stops by itself. */
export async function load(
  url: string,
  opts: {
    connections?: number;
    durationS?: number;
    method?: string;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: opts.connections ?? 16,
    duration: opts.durationS ?? 5,
    method: (opts.method ?? 'GET') as 'GET',
    body: opts.body,
    headers: opts.headers,
  });
  return {
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Resident memory of a process in MB, from /proc. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round((kb / 1024) * 10) / 10;
}

/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
