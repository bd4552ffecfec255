import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { tempDir } from './temp.ts';

export type LogLine = Record<string, unknown> & { msg?: string; time?: string };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** performance.now() when the exit was seen. */
  at: number;
}

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Parsed JSON lines from stdout (the process's log, and its display child's). */
  logs: LogLine[];
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
  /** Resolves with the `count`-th line matching `match` (already seen or still to come). */
  waitForLog(match: (line: LogLine) => boolean, opts?: { count?: number; timeoutMs?: number }): Promise<LogLine>;
}

const running: Spawned[] = [];

/**
 * Environment for a child: the test's own, minus any Marquee setting that would leak into it, with
 * authentication off unless `extra` turns it on (the tests of authentication do).
 */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(MARQUEE_|PORT$)/.test(k)) env[k] = v;
  return { ...env, MARQUEE_AUTH: 'off', ...extra };
}

/**
 * Spawns `node [--import tsx] <file> ...args` from the project folder. The process is killed after
 * the test if it is still running (with any display child it reported).
 */
export function spawnNode(
  file: string,
  opts: { args?: string[]; env?: Record<string, string>; uid?: number; gid?: number } = {},
): Spawned {
  const loader = file.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, path.resolve(PROJECT_ROOT, file), ...(opts.args ?? [])], {
    cwd: PROJECT_ROOT,
    env: cleanEnv(opts.env ?? {}),
    stdio: ['pipe', 'pipe', 'pipe'],
    uid: opts.uid,
    gid: opts.gid,
  });
  const logs: LogLine[] = [];
  const waiters = new Set<() => void>();
  let out = '';
  let err = '';
  let pending = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    pending += chunk.toString();
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      try {
        logs.push(JSON.parse(line) as LogLine);
      } catch {
        continue;
      }
      waiters.forEach((w) => w());
    }
  });
  // A line cannot come any more once stdout has closed (not at exit: output may still be unread).
  let outputDone = false;
  child.stdout!.once('close', () => {
    outputDone = true;
    waiters.forEach((w) => w());
  });
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );

  const waitForLog: Spawned['waitForLog'] = (match, { count = 1, timeoutMs = 15_000 } = {}) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = logs.filter(match);
        if (found.length >= count) return finish(() => resolve(found[count - 1]!));
        if (outputDone) finish(() => reject(new Error(`output ended before the expected log line\n${describe()}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no matching log line within ${timeoutMs} ms\n${describe()}`))),
        timeoutMs,
      );
      const finish = (then: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        then();
      };
      waiters.add(check);
      check();
    });
  const describe = () => `stdout:\n${out.slice(-4000)}\nstderr:\n${err.slice(-4000)}`;

  const spawned: Spawned = {
    child,
    pid: child.pid!,
    logs,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForLog,
  };
  running.push(spawned);
  return spawned;
}

export interface FixtureServer extends Spawned {
  url: string;
  root: string;
  dataDir: string;
}

/**
 * Starts test/fixtures/fixture-server.ts (the real web process plus fixture routes and tasks) on
 * loopback port 0 with its own temp folders; resolves once it logs "listening".
 */
export async function startFixtureServer(
  opts: { args?: string[]; env?: Record<string, string> } = {},
): Promise<FixtureServer> {
  const root = tempDir();
  const dataDir = path.join(root, 'data');
  const proc = spawnNode('test/fixtures/fixture-server.ts', {
    args: opts.args,
    env: {
      PORT: '0',
      MARQUEE_HOST: '127.0.0.1',
      MARQUEE_DATA_DIR: dataDir,
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_LOG_LEVEL: 'info',
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      // Previews are drawn when a page asks for them, not after every registry refresh.
      MARQUEE_STORE_PREVIEWS_IN_BACKGROUND: '0',
      ...opts.env,
    },
  });
  const listening = await proc.waitForLog((l) => l.msg === 'listening');
  return Object.assign(proc, { url: String(listening.url), root, dataDir });
}

/**
 * Starts any server entry (e.g. test/fixtures/queue/server.ts) on loopback port 0 with the given
 * environment; resolves once it logs "listening".
 */
export async function startServerEntry(entry: string, env: Record<string, string>): Promise<Spawned & { url: string }> {
  const proc = spawnNode(entry, { env: { PORT: '0', MARQUEE_HOST: '127.0.0.1', ...env } });
  const listening = await proc.waitForLog((l) => l.msg === 'listening');
  return Object.assign(proc, { url: String(listening.url) });
}

/** Log-line matchers used across the spawned-process tests. */
export const line = {
  msg: (msg: string) => (l: LogLine) => l.msg === msg,
  displayStarted: (l: LogLine) => l.msg === 'display started' && l.proc === 'display',
  childStarted: (l: LogLine) => l.msg === 'child started' && l.child === 'display',
};

const isDisplayProcess = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('display');
  } catch {
    return false;
  }
};

afterEach(async () => {
  for (const p of running.splice(0)) {
    // Display children reported by this process; checked by command line so a reused pid is never hit.
    for (const l of p.logs.filter(line.childStarted)) {
      const pid = Number(l.pid);
      if (isDisplayProcess(pid)) process.kill(pid, 'SIGKILL');
    }
    if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
});
