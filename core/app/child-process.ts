import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../platform/log.ts';

export interface ChildStatus {
  pid: number | null;
  running: boolean;
  starts: number;
  /** Restarts the child asked for (not failures). */
  requestedRestarts: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
}

export interface ChildHandle {
  /** A guarded-task loop: starts the child and returns only when the signal aborts; throws when the child dies. */
  run(signal: AbortSignal): Promise<void>;
  /**
   * Stops the running child and starts a new one at once, inside the same `run` (not a failure: no
   * backoff, not counted by the guarded task). At most one every `minUptimeMs`: a request made
   * sooner waits. False when no child is running or a restart is already under way.
   */
  restart(reason: string): boolean;
  status(): ChildStatus;
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/**
 * Runs a TypeScript module as a child process for a guarded task, so the task's restart backoff
 * and failure accounting apply to the child too. On abort the child gets SIGTERM, and SIGKILL if it
 * has not exited within `killAfterMs`.
 */
export function childProcessLoop(opts: {
  name: string;
  module: string;
  log: Logger;
  killAfterMs: number;
  minUptimeMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Called with each new child, e.g. to talk to it over the IPC channel. */
  onStart?: (child: ChildProcess) => void;
}): ChildHandle {
  let child: ChildProcess | null = null;
  let startedAt = 0;
  let starts = 0;
  let requestedRestarts = 0;
  let restarting: { reason: string; timer: NodeJS.Timeout | null } | null = null;
  let lastExit: ChildStatus['lastExit'] = null;
  const minUptimeMs = opts.minUptimeMs ?? 5_000;

  function stop(proc: ChildProcess, exited: Promise<Exit>) {
    proc.kill('SIGTERM');
    const killer = setTimeout(() => proc.kill('SIGKILL'), opts.killAfterMs);
    void exited.then(() => clearTimeout(killer));
  }

  /** One child from fork to exit. */
  async function once(signal: AbortSignal): Promise<Exit> {
    const proc = fork(opts.module, [], {
      // TypeScript sources need the tsx loader; the production bundle is plain JavaScript.
      execArgv: opts.module.endsWith('.ts') ? ['--import', 'tsx'] : [],
      env: opts.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Structured clone on the channel: preview frames travel as bytes, not as JSON arrays.
      serialization: 'advanced',
    });
    const exited = new Promise<Exit>((resolve) => proc.once('exit', (code, sig) => resolve({ code, signal: sig })));
    opts.onStart?.(proc);
    child = proc;
    startedAt = Date.now();
    starts += 1;
    opts.log.info('child started', { child: opts.name, pid: proc.pid });
    proc.on('error', (e) => opts.log.error('child error', { child: opts.name, error: e.message }));
    const onAbort = () => stop(proc, exited);
    signal.addEventListener('abort', onAbort, { once: true });
    const result = await exited;
    signal.removeEventListener('abort', onAbort);
    child = null;
    lastExit = { code: result.code, signal: result.signal, at: new Date().toISOString() };
    return result;
  }

  async function run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const result = await once(signal);
      const asked = restarting;
      restarting = null;
      if (asked?.timer) clearTimeout(asked.timer);
      if (signal.aborted) {
        opts.log.info('child stopped', { child: opts.name, ...result });
        return;
      }
      // Only an exit this loop caused is a restart; any other is a failure for the guarded task.
      if (asked && !asked.timer) {
        requestedRestarts += 1;
        opts.log.info('child restarted on request', { child: opts.name, reason: asked.reason, ...result });
        continue;
      }
      throw new Error(`${opts.name} process exited (code ${result.code}, signal ${result.signal})`);
    }
  }

  function restart(reason: string): boolean {
    const proc = child;
    if (!proc || restarting) return false;
    const wait = startedAt + minUptimeMs - Date.now();
    opts.log.info('child restart requested', { child: opts.name, reason, in_ms: Math.max(0, wait) });
    const go = () => {
      if (restarting) restarting.timer = null;
      if (child === proc) stop(proc, new Promise((r) => proc.once('exit', r)));
    };
    restarting = { reason, timer: null };
    if (wait > 0) restarting.timer = setTimeout(go, wait);
    else go();
    return true;
  }

  return {
    run,
    restart,
    status: () => ({ pid: child?.pid ?? null, running: child !== null, starts, requestedRestarts, lastExit }),
  };
}
