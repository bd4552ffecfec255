/**
 * The operation queue (DESIGN.md §4): every change is a row first, run once, never lost.
 * The API other areas use is the `Queue` interface in ./types.ts (with an example); executors
 * are registered per kind at composition; routes answer with `operationResponse` (./http.ts).
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
export { operationPath, operationResponse } from '../http/responses/operation.ts';

const isFinished = (op: Operation) => (FINISHED_STATUSES as readonly string[]).includes(op.status);

export const notFound = (id: string) =>
  new AppError('OPERATION_NOT_FOUND', { message: `Operation ${id} not found`, context: { operation_id: id } });

/**
 * Builds the queue over the platform base. Executors are registered afterwards, each holding the
 * collaborators it needs; the runner starts with the process's tasks.
 */
export function createQueue(deps: QueueBase, opts: { random?: () => number } = {}): Queue {
  const store = createQueueStore(deps.db.sqlite);
  const registry = createExecutorRegistry();
  const waiters = createWaiters();
  const owner = newOwner();
  const changed = (type: 'created' | 'started' | 'progress' | 'retrying' | 'finished', op: Operation) => {
    deps.events.publish(`operation.${type}`, operationView(op));
    if (type === 'finished') waiters.notify(op.id);
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

  const queue: Queue = {
    register: (e) => registry.register(e as unknown as Executor),
    enqueue(req) {
      const r = enqueueOperation({ deps, store, registry }, req);
      if (!r.coalesced) changed('created', r.operation);
      runner.wake();
      return r;
    },
    async enqueueAndWait(req, waitMs, signal) {
      const r = queue.enqueue(req);
      return { ...r, ...(await waitFor(r.operation.id, waitMs, signal)) };
    },
    waitFor,
    get: (id) => store.get(id),
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
    prune: () =>
      pruneFinished(deps.db.sqlite, {
        now: deps.clock.now(),
        maxRows: deps.settings.limits.historyMaxRows,
        maxDays: deps.settings.limits.historyMaxDays,
      }),
    runOnce: () => runner.runOnce(),
    run: (signal) => runner.run(signal),
    drain: (timeoutMs) => runner.drain(timeoutMs),
    status: () => ({ running: runner.running(), pending: store.countPending(), owner }),
  };
  return queue;
}
