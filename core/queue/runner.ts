import type { QueueBase } from './base.ts';
import { execute, type Execution } from './execution.ts';
import type { AbortKind } from './outcome.ts';
import { recoverStale } from './recovery.ts';
import type { Registry } from './executors.ts';
import type { QueueStore } from './rows.ts';
import type { Operation } from './types.ts';
import { createLaneHints } from './lane-hints.ts';
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

/** Lane of a kind: its own name when it has slots of its own, else the shared lane `''`. */
const laneOf = (lanes: ReadonlyMap<string, number>, kind: string) => (lanes.has(kind) ? kind : '');

/**
 * Claims due operations and runs them: up to `limits.queueConcurrency` at once in the shared lane,
 * plus the slots of each kind that has its own (`concurrency`), never two of one key (the claim
 * skips keys with a running row). Woken at once by an enqueue or a finished attempt; otherwise it
 * sleeps until the next retry comes due or another runner's lease expires (looking again at least
 * every `queue.pollMs` meanwhile, should the clock jump), and with nothing pending it sleeps until
 * woken: an idle queue sets no timer.
 */
export function createRunner(env: RunnerEnv) {
  const { deps, store } = env;
  const executions = new Map<string, Execution>();
  /** Running attempts per lane. */
  const busy = new Map<string, number>();
  const waker = createWaker();
  const hints = createLaneHints(deps.settings.queue.pollMs);
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
    executions.set(op.id, ex);
    busy.set(lane, (busy.get(lane) ?? 0) + 1);
    void ex.done.finally(() => {
      executions.delete(op.id);
      busy.set(lane, busy.get(lane)! - 1);
      hints.mark(lane);
      waker.wake();
    });
    return ex.done;
  }

  /** Free slots of the lanes worth asking (all, or those that may have work); null when none. */
  function freeSlots(lanes: ReadonlyMap<string, number>, all: boolean): Record<string, number> | null {
    let free: Record<string, number> | null = null;
    const add = (lane: string, size: number) => {
      const n = size - (busy.get(lane) ?? 0);
      if (n > 0 && (all || hints.isMarked(lane))) (free ??= {})[lane] = n;
    };
    add('', deps.settings.limits.queueConcurrency);
    for (const [kind, size] of lanes) add(kind, size);
    return free;
  }

  /**
   * Claims as many due operations as the lanes have free slots (none while draining) and starts
   * them; `full` asks every lane, not only those that may have work.
   */
  function claimAndStart(kinds?: readonly string[], full = false): Promise<void>[] {
    if (draining || deps.lifecycle.draining || deps.lifecycle.signal.aborted) return [];
    const lanes = env.registry.lanes();
    const free = freeSlots(lanes, hints.askAll(full));
    if (!free) return [];
    const now = deps.clock.now();
    const claim = { owner: env.owner, now, leaseMs: execEnv.leaseMs, free, own: [...lanes.keys()] };
    // Most steps follow an attempt that ended with nothing behind it: a read says so without taking
    // the write lock (which the display process may be holding) for a claim that would find nothing.
    const ops = store.anyDue(now) ? store.tx(() => store.claim(claim, kinds)) : [];
    const got = new Map<string, number>();
    for (const op of ops) got.set(laneOf(lanes, op.kind), (got.get(laneOf(lanes, op.kind)) ?? 0) + 1);
    // A claim restricted to some kinds says nothing of the others in the same lane.
    if (!kinds) hints.claimed(free, got);
    return ops.map((op) => start(op, laneOf(lanes, op.kind)));
  }

  const recover = async () => {
    // Recovered rows may be pending again, in any lane.
    if (await recoverStale({ ...env, executing: new Set(executions.keys()) })) hints.mark();
  };
  const abortAll = (kind: AbortKind) => executions.forEach((ex) => ex.abort(kind));
  const settled = () => Promise.all([...executions.values()].map((ex) => ex.done));

  async function step(): Promise<void> {
    if (performance.now() - lastRecovery >= deps.settings.queue.pollMs) {
      lastRecovery = performance.now();
      await recover();
    }
    claimAndStart();
  }

  /** How long the loop may sleep before something comes due that no wake announces. */
  function sleepMs(): number {
    if (draining || deps.lifecycle.draining) return Infinity;
    const due = store.nextDue(env.owner);
    if (due === null) return Infinity;
    const pollMs = deps.settings.queue.pollMs;
    // Due already yet not claimed (its lane is full, a lease just expired): looked at again after a poll.
    const wait = due - deps.clock.now();
    return wait <= 0 ? pollMs : Math.min(Math.max(wait, MIN_SLEEP_MS), pollMs);
  }

  return {
    /** Work may be due: of `kind` (its lane is asked at the next claim), or of any kind. */
    wake(kind?: string): void {
      hints.mark(kind === undefined ? undefined : laneOf(env.registry.lanes(), kind));
      waker.wake();
    },
    abort: (id: string, kind: AbortKind) => executions.get(id)?.abort(kind),
    running: () => executions.size,
    async runOnce(kinds?: readonly string[]): Promise<number> {
      if (!kinds) await recover();
      const started = claimAndStart(kinds, true);
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
          // Woken by time, not by news: whatever came due may be in any lane, and a lease may have expired.
          if (await waker.sleep(pause, signal)) {
            hints.mark();
            lastRecovery = -Infinity;
          }
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
