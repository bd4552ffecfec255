import { backoffDelay, type BackoffPolicy } from '../../../shared/backoff.ts';
import type { Clock } from '../clock.ts';
import { abortableDelay } from '../delay.ts';
import type { Logger } from '../log.ts';
import { describeError } from '../errors/redact.ts';

export type TaskState = 'starting' | 'running' | 'restarting' | 'failed' | 'stopped';

export interface TaskStatus {
  name: string;
  state: TaskState;
  restarts: number;
  restartsInWindow: number;
  lastError: string | null;
  lastErrorAt: string | null;
  startedAt: string | null;
}

export interface GuardedTask {
  readonly name: string;
  start(): void;
  /** Aborts the task's signal and waits for its loop to return. */
  stop(): Promise<void>;
  status(): TaskStatus;
}

export interface GuardedTaskOptions {
  name: string;
  /**
   * The long-lived loop. It should return only when `signal` aborts; returning or throwing
   * before that counts as a crash and the loop is started again after a backoff.
   */
  run(signal: AbortSignal): Promise<void>;
  clock: Clock;
  log: Logger;
  backoff?: BackoffPolicy;
  /** More than this many restarts inside the window marks the task failed (it keeps retrying). */
  maxRestarts?: number;
  windowMs?: number;
  random?: () => number;
}

const RESTART_BACKOFF: BackoffPolicy = { baseMs: 500, factor: 2, capMs: 30_000, jitter: 0.2 };

/**
 * Runs a background loop so that no error is lost and no crash is final: every error is logged and
 * kept in the status, a dead loop is restarted with capped exponential backoff, and one that keeps
 * dying is reported `failed` in health while it is still retried at the capped interval, so a
 * transient cause (a full disk, a locked file) heals without a restart of the service.
 */
export function createGuardedTask(opts: GuardedTaskOptions): GuardedTask {
  const maxRestarts = opts.maxRestarts ?? 3;
  const windowMs = opts.windowMs ?? 5 * 60_000;
  const policy = opts.backoff ?? RESTART_BACKOFF;
  const random = opts.random ?? Math.random;
  const log = opts.log.child({ task: opts.name });
  const controller = new AbortController();
  const restartTimes: number[] = [];
  // `failed` is not stored: it is read from the restart window when asked, so a loop that has
  // stayed up since its last crash reports `running` again once those crashes leave the window.
  let phase: Exclude<TaskState, 'failed'> = 'stopped';
  let restarts = 0;
  let lastError: string | null = null;
  let lastErrorAt: number | null = null;
  let startedAt: number | null = null;
  let loop: Promise<void> | null = null;

  const inWindow = () => {
    const since = opts.clock.now() - windowMs;
    while (restartTimes.length && restartTimes[0]! < since) restartTimes.shift();
    return restartTimes.length;
  };
  const state = (): TaskState =>
    (phase === 'running' || phase === 'restarting') && inWindow() > maxRestarts ? 'failed' : phase;

  async function supervise(): Promise<void> {
    const signal = controller.signal;
    let consecutive = 0;
    while (!signal.aborted) {
      phase = 'running';
      startedAt = opts.clock.now();
      try {
        await opts.run(signal);
        if (signal.aborted) break;
        throw new Error('task loop returned before it was stopped');
      } catch (e) {
        if (signal.aborted) break;
        // A loop that ran for a full window before dying starts its backoff over.
        if (opts.clock.now() - startedAt > windowMs) consecutive = 0;
        consecutive += 1;
        restarts += 1;
        restartTimes.push(opts.clock.now());
        lastError = describeError(e);
        lastErrorAt = opts.clock.now();
        const failed = inWindow() > maxRestarts;
        phase = 'restarting';
        const delay = backoffDelay(consecutive, policy, random());
        log.error('task crashed', { error: lastError, restarts, delay_ms: delay, failed, stack: (e as Error)?.stack });
        await abortableDelay(delay, signal);
      }
    }
    phase = 'stopped';
  }

  return {
    name: opts.name,
    start() {
      if (loop) return;
      phase = 'starting';
      loop = supervise();
    },
    async stop() {
      controller.abort();
      await loop;
      phase = 'stopped';
    },
    status: () => ({
      name: opts.name,
      state: state(),
      restarts,
      restartsInWindow: inWindow(),
      lastError,
      lastErrorAt: lastErrorAt === null ? null : new Date(lastErrorAt).toISOString(),
      startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
    }),
  };
}
