import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from './logger.ts';

export interface ChildStatus {
  pid: number | null;
  running: boolean;
  starts: number;
  lastExit: { code: number | null; signal: string | null; at: string } | null;
}

export interface ChildHandle {
  /** A guarded-task loop: starts the child and returns only when the signal aborts; throws when the child dies. */
  run(signal: AbortSignal): Promise<void>;
  status(): ChildStatus;
}

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
  env?: NodeJS.ProcessEnv;
  /** Called with each new child, e.g. to talk to it over the IPC channel. */
  onStart?: (child: ChildProcess) => void;
}): ChildHandle {
  let child: ChildProcess | null = null;
  let starts = 0;
  let lastExit: ChildStatus['lastExit'] = null;

  async function run(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const proc = fork(opts.module, [], {
      // TypeScript sources need the tsx loader; the production bundle is plain JavaScript.
      execArgv: opts.module.endsWith('.ts') ? ['--import', 'tsx'] : [],
      env: opts.env ?? process.env,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      // Structured clone on the channel: preview frames travel as bytes, not as JSON arrays.
      serialization: 'advanced',
    });
    opts.onStart?.(proc);
    child = proc;
    starts += 1;
    opts.log.info('child started', { child: opts.name, pid: proc.pid });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      proc.once('exit', (code, sig) => resolve({ code, signal: sig }));
    });
    proc.on('error', (e) => opts.log.error('child error', { child: opts.name, error: e.message }));
    const onAbort = () => {
      proc.kill('SIGTERM');
      const killer = setTimeout(() => proc.kill('SIGKILL'), opts.killAfterMs);
      void exited.then(() => clearTimeout(killer));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const result = await exited;
    signal.removeEventListener('abort', onAbort);
    child = null;
    lastExit = { code: result.code, signal: result.signal, at: new Date().toISOString() };
    if (signal.aborted) {
      opts.log.info('child stopped', { child: opts.name, ...result });
      return;
    }
    throw new Error(`${opts.name} process exited (code ${result.code}, signal ${result.signal})`);
  }

  return {
    run,
    status: () => ({ pid: child?.pid ?? null, running: child !== null, starts, lastExit }),
  };
}
