import type { QueueBase } from './base.ts';
import { execute, type Execution } from './execution.ts';
import type { AbortKind } from './outcome.ts';
import { recoverStale } from './recovery.ts';
import type { Registry } from './executors.ts';
import type { QueueStore } from './rows.ts';
import type { Operation } from './types.ts';
import { createWaker } from './waker.ts';

const MIN_SLEEP_MS = 10;

export interface RunnerEnv {
  deps: QueueBase;
  store: QueueStore;
  registry: Registry;
  owner: string;
  random: () => number;
  changed(type: 'started' | 'progress' | 'retrying' | 'finished', op: Operation): void;
}

/**
 * Claims due operations and runs them: up to `limits.queueConcurrency` at once, never two of one
 * key (the claim skips keys with a running row). Woken at once by an enqueue or a finished
 * attempt; otherwise it sleeps until the next retry comes due or another runner's lease expires
 * (looking again at least every `queue.pollMs` meanwhile, should the clock jump), and with nothing
 * pending it sleeps until woken: an idle queue sets no timer.
 */
export function createRunner(env: RunnerEnv) {
  const { deps, store } = env;
  const executions = new Map<string, Execution>();
  const waker = createWaker();
  let draining = false;
  const execEnv = {
    ...env,
    leaseMs: deps.settings.queue.leaseMs,
    abandonMs: deps.settings.shutdown.abortMs,
  };

  function start(op: Operation): Promise<void> {
    env.changed('started', op);
    const ex = execute(execEnv, op);
    executions.set(op.id, ex);
    void ex.done.finally(() => {
      executions.delete(op.id);
      waker.wake();
    });
    return ex.done;
  }

  /** Claims as many due operations as there are free slots (none while draining) and starts them. */
  function claimAndStart(): Promise<void>[] {
    const free = deps.settings.limits.queueConcurrency - executions.size;
    if (free <= 0 || draining || deps.lifecycle.draining || deps.lifecycle.signal.aborted) return [];
    const now = deps.clock.now();
    const ops = store.tx(() => store.claim(env.owner, now, execEnv.leaseMs, free));
    return ops.map(start);
  }

  const recover = () => recoverStale({ ...env, executing: new Set(executions.keys()) });
  const abortAll = (kind: AbortKind) => executions.forEach((ex) => ex.abort(kind));
  const settled = () => Promise.all([...executions.values()].map((ex) => ex.done));

  async function step(): Promise<void> {
    await recover();
    claimAndStart();
  }

  /** How long the loop may sleep before something comes due that no wake announces. */
  function sleepMs(): number {
    const full = executions.size >= deps.settings.limits.queueConcurrency;
    if (full || draining || deps.lifecycle.draining) return Infinity; // a finished attempt wakes it
    const due = store.nextDue(env.owner);
    if (due === null) return Infinity;
    // Due already but not claimed (a lease expired a moment ago): a short pause, never a busy loop.
    return Math.min(Math.max(due - deps.clock.now(), MIN_SLEEP_MS), deps.settings.queue.pollMs);
  }

  return {
    wake: () => waker.wake(),
    abort: (id: string, kind: AbortKind) => executions.get(id)?.abort(kind),
    running: () => executions.size,
    async runOnce(): Promise<number> {
      await recover();
      const started = claimAndStart();
      await Promise.all(started);
      return started.length;
    },
    /** The guarded task's loop. On stop (or shutdown phase 2) running attempts are aborted and awaited. */
    async run(signal: AbortSignal): Promise<void> {
      const onShutdown = () => abortAll('shutdown');
      deps.lifecycle.signal.addEventListener('abort', onShutdown, { once: true });
      try {
        while (!signal.aborted) {
          let pause: number;
          try {
            await step();
            pause = sleepMs();
          } catch (e) {
            // A failed step (a locked database, a full disk) must not abort running work: log, wait, try again.
            deps.log.error('queue runner step failed', { error: (e as Error).message, stack: (e as Error).stack });
            pause = deps.settings.queue.pollMs;
          }
          await waker.sleep(pause, signal);
        }
      } finally {
        deps.lifecycle.signal.removeEventListener('abort', onShutdown);
        abortAll('shutdown');
        await settled();
      }
    },
    async drain(timeoutMs: number): Promise<boolean> {
      draining = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([settled(), new Promise((r) => (timer = setTimeout(r, timeoutMs).unref()))]);
      clearTimeout(timer);
      return executions.size === 0;
    },
  };
}

export type Runner = ReturnType<typeof createRunner>;
