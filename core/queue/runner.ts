import type { QueueBase } from './base.ts';
import { execute, type Execution } from './execution.ts';
import type { AbortKind } from './outcome.ts';
import { recoverStale } from './recovery.ts';
import type { Registry } from './executors.ts';
import type { QueueStore } from './rows.ts';
import type { Operation } from './types.ts';
import { createWaker } from './waker.ts';

export interface RunnerEnv {
  deps: QueueBase;
  store: QueueStore;
  registry: Registry;
  owner: string;
  random: () => number;
  changed(type: 'started' | 'progress' | 'retrying' | 'finished', op: Operation): void;
}

/** Lane of a kind: its own name when it has slots of its own, else the shared lane `''`. */
const laneOf = (lanes: Map<string, number>, kind: string) => (lanes.has(kind) ? kind : '');

/**
 * Claims due operations and runs them: up to `limits.queueConcurrency` at once in the shared lane,
 * plus the slots of each kind that has its own (`concurrency`), never two of one key (the claim
 * skips keys with a running row). Woken at once by an enqueue or a finished attempt; otherwise it
 * polls every `queue.pollMs` for retries coming due and expired leases.
 */
export function createRunner(env: RunnerEnv) {
  const { deps, store } = env;
  const executions = new Map<string, Execution & { lane: string }>();
  const waker = createWaker();
  let draining = false;
  let lastRecovery = -Infinity;
  const execEnv = {
    ...env,
    leaseMs: deps.settings.queue.leaseMs,
    abandonMs: deps.settings.shutdown.abortMs,
  };

  function start(op: Operation, lane: string): Promise<void> {
    env.changed('started', op);
    const ex = execute(execEnv, op);
    executions.set(op.id, { ...ex, lane });
    void ex.done.finally(() => {
      executions.delete(op.id);
      waker.wake();
    });
    return ex.done;
  }

  /** Free slots per lane, only lanes with at least one. */
  function freeSlots(lanes: Map<string, number>): Record<string, number> {
    const free: Record<string, number> = { '': deps.settings.limits.queueConcurrency, ...Object.fromEntries(lanes) };
    for (const ex of executions.values()) free[ex.lane] = (free[ex.lane] ?? 0) - 1;
    for (const lane of Object.keys(free)) if (free[lane]! <= 0) delete free[lane];
    return free;
  }

  /** Claims as many due operations as the lanes have free slots (none while draining) and starts them. */
  function claimAndStart(kinds?: readonly string[]): Promise<void>[] {
    if (draining || deps.lifecycle.draining || deps.lifecycle.signal.aborted) return [];
    const lanes = env.registry.lanes();
    const free = freeSlots(lanes);
    if (!Object.keys(free).length) return [];
    const now = deps.clock.now();
    const claim = { owner: env.owner, now, leaseMs: execEnv.leaseMs, free, own: [...lanes.keys()] };
    const ops = store.tx(() => store.claim(claim, kinds));
    return ops.map((op) => start(op, laneOf(lanes, op.kind)));
  }

  const recover = () => recoverStale({ ...env, executing: new Set(executions.keys()) });
  const abortAll = (kind: AbortKind) => executions.forEach((ex) => ex.abort(kind));
  const settled = () => Promise.all([...executions.values()].map((ex) => ex.done));

  async function step(): Promise<void> {
    if (performance.now() - lastRecovery >= deps.settings.queue.pollMs) {
      lastRecovery = performance.now();
      await recover();
    }
    claimAndStart();
  }

  return {
    wake: () => waker.wake(),
    abort: (id: string, kind: AbortKind) => executions.get(id)?.abort(kind),
    running: () => executions.size,
    async runOnce(kinds?: readonly string[]): Promise<number> {
      if (!kinds) await recover();
      const started = claimAndStart(kinds);
      await Promise.all(started);
      return started.length;
    },
    /** The guarded task's loop. On stop (or shutdown phase 2) running attempts are aborted and awaited. */
    async run(signal: AbortSignal): Promise<void> {
      const onShutdown = () => abortAll('shutdown');
      deps.lifecycle.signal.addEventListener('abort', onShutdown, { once: true });
      try {
        while (!signal.aborted) {
          try {
            await step();
          } catch (e) {
            // A failed step (a locked database, a full disk) must not abort running work: log, wait, try again.
            deps.log.error('queue runner step failed', { error: (e as Error).message, stack: (e as Error).stack });
          }
          await waker.sleep(deps.settings.queue.pollMs, signal);
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
