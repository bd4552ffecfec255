/**
 * The operation queue (DESIGN.md §4): every change, repair, refresh and scheduled job is a row
 * first, run once, never lost. The API other areas use is the `Queue` interface in ./types.ts (with
 * an example); executors are registered per kind at composition, each holding its collaborators.
 */
import { FINISHED_STATUSES } from '../../db/schema/queue.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { QueueBase } from './base.ts';
import { enqueueOperation } from './enqueue.ts';
import { clearFinished, operationEvents, pruneFinished, queryHistory } from './history.ts';
import { newOwner } from './recovery.ts';
import { createExecutorRegistry } from './executors.ts';
import { createRunner } from './runner.ts';
import { createQueueStore } from './rows.ts';
import type { Executor, Operation, Queue, WaitResult } from './types.ts';
import { operationView } from './view.ts';
import { createWaiters } from './waiters.ts';

export type * from './types.ts';
export { operationView, type OperationView } from './view.ts';
export { QUEUE_BACKOFF } from './backoff.ts';

const isFinished = (op: Operation) => (FINISHED_STATUSES as readonly string[]).includes(op.status);
/** Waiters of an attempt's end are kept under their own name beside those of the operation's end. */
const attemptKey = (id: string) => `attempt:${id}`;

export const notFound = (id: string) =>
  new AppError('OPERATION_NOT_FOUND', { message: `Operation ${id} not found`, context: { operation_id: id } });

type Change = 'created' | 'started' | 'progress' | 'retrying' | 'finished';

/**
 * Builds the queue over the platform base. Executors are registered afterwards, each holding the
 * collaborators it needs; the runner starts with the process's tasks.
 */
export function createQueue(deps: QueueBase, opts: { random?: () => number } = {}): Queue {
  const store = createQueueStore(deps.db.sqlite);
  const registry = createExecutorRegistry();
  const waiters = createWaiters();
  const owner = newOwner();
  const changed = (type: Change, op: Operation) => {
    deps.events.publish(`operation.${type}`, operationView(op));
    if (type === 'finished') waiters.notify(op.id);
    if (type === 'finished' || type === 'retrying') waiters.notify(attemptKey(op.id));
  };
  const runner = createRunner({ deps, store, registry, owner, random: opts.random ?? Math.random, changed });

  async function waitFor(id: string, waitMs = deps.settings.queue.waitMs, signal?: AbortSignal): Promise<WaitResult> {
    const op = store.get(id);
    if (!op) throw notFound(id);
    if (isFinished(op) || waitMs <= 0) return { operation: op, finished: isFinished(op) };
    await waiters.wait(id, waitMs, signal);
    // Cleared from history while waiting: answer with what was last known rather than a 404.
    const now = store.get(id) ?? op;
    return { operation: now, finished: isFinished(now) };
  }

  async function waitForAttempt(id: string, waitMs: number, signal?: AbortSignal): Promise<Operation> {
    const op = store.get(id);
    if (!op) throw notFound(id);
    if (isFinished(op) || waitMs <= 0) return op;
    await waiters.wait(attemptKey(id), waitMs, signal);
    return store.get(id) ?? op;
  }

  const queue: Queue = {
    register: (e) => registry.register(e as unknown as Executor),
    executor: (kind) => registry.get(kind),
    enqueue(req) {
      const { superseded, ...r } = enqueueOperation({ deps, store, registry }, req);
      for (const op of superseded) changed('finished', op);
      if (!r.coalesced) changed('created', r.operation);
      runner.wake(r.operation.kind);
      return r;
    },
    async enqueueAndWait(req, waitMs, signal) {
      const r = queue.enqueue(req);
      return { ...r, ...(await waitFor(r.operation.id, waitMs, signal)) };
    },
    waitFor,
    waitForAttempt,
    get: (id) => store.get(id),
    active: (key) => store.active(key),
    history: (filter) => queryHistory(deps.db.sqlite, filter),
    events: (id) => operationEvents(deps.db.sqlite, id),
    clearHistory: () => clearFinished(deps.db.sqlite),
    cancel(id) {
      const now = deps.clock.now();
      const op = store.tx(() => {
        const current = store.get(id);
        if (!current) throw notFound(id);
        if (current.status === 'pending') return store.cancelPending(id, now)!;
        if (current.status === 'running') return store.requestCancel(id, now)!;
        throw new AppError('OPERATION_NOT_CANCELLABLE', {
          message: `Operation ${id} is already ${current.status}`,
          context: { operation_id: id, status: current.status },
        });
      });
      if (op.status === 'cancelled') changed('finished', op);
      // A running row held by a dead process ends cancelled when recovery reaches it.
      else runner.abort(id, 'cancel');
      return op;
    },
    retryNow(id) {
      const op = store.hasten(id, deps.clock.now());
      if (op) runner.wake(op.kind);
      return op;
    },
    prune: () =>
      pruneFinished(deps.db.sqlite, {
        now: deps.clock.now(),
        maxRows: deps.settings.limits.historyMaxRows,
        maxDays: deps.settings.limits.historyMaxDays,
        keep: registry.retention(),
      }),
    runOnce: (o) => runner.runOnce(o?.kinds),
    run: (signal) => runner.run(signal),
    drain: (timeoutMs) => runner.drain(timeoutMs),
    status: () => ({ running: runner.running(), pending: store.countPending(), owner }),
  };
  return queue;
}
