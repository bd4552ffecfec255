/**
 * The reconciler of the web process. A run is a `reconcile` operation (./executor.ts) and a repair
 * a `repair` operation (./repair.ts), both registered here; "is a run under way?" and "what did the
 * last one find?" are answered from their rows. Runs are asked for by the start-up (after the
 * server listens), the schedule (core/app/schedules.ts), a change of registry content that a
 * repair waits on, a registry's webhook, a repair that failed for good, and the API; never by an
 * ordinary request.
 */
import { describeError } from '../platform/errors/redact.ts';
import type { StreamEvent } from '../platform/events.ts';
import type { Operation } from '../queue/types.ts';
import type { OperationView } from '../queue/view.ts';
import { REGISTRY_PUSHED } from '../registry/refresh-executor.ts';
import type { ReconcileBase, ReconcileServices } from './context.ts';
import { RECONCILE_TIMEOUT_MS, reconcileExecutor } from './executor.ts';
import type { FolderCache } from './folder.ts';
import { REPAIR_KIND, repairExecutor } from './repair.ts';
import { wakeRegistryWaits } from './repairs.ts';
import { RECONCILE_KIND, reconcileRequest } from './requests.ts';
import { countFindings, runSummary, type RunResult, type RunSummary } from './summary.ts';
import type { RunOptions } from './types.ts';

export const REGISTRY_CHANGED = 'registry.changed';
export const RECONCILE_FINISHED = 'reconcile.finished';

export interface Reconciler {
  /** Asks for a run (joining one that waits); its operation. Throws QUEUE_FULL. */
  request(opts: RunOptions): Operation;
  /** Asks for a run and waits for it to end (at most its timeout, or until `signal`); its summary. */
  run(opts: RunOptions, signal?: AbortSignal): Promise<RunSummary>;
  /** The newest finished run, or null before the first. */
  latest(): RunSummary | null;
  running(): boolean;
  /** Reacts to the registry and to repairs that failed from now on (start() does this too). */
  listen(): void;
  /** After the server listens: listen, and ask for a run. */
  start(): void;
  /** Resolves once no run is waiting or under way. */
  idle(): Promise<void>;
  close(): void;
}

const isReconcile = (op: { operation_type: string }) => op.operation_type === RECONCILE_KIND;

/** Builds the reconciler and registers its two kinds on the queue. */
export function createReconciler(base: ReconcileBase, services: ReconcileServices): Reconciler {
  const env = { ...base, ...services };
  const { queue } = services;
  const folders: FolderCache = new Map();
  queue.register(reconcileExecutor(env, folders));
  queue.register(repairExecutor(env));
  const unsubscribe: Array<() => void> = [];

  const request = (opts: RunOptions) => queue.enqueue(reconcileRequest(opts.trigger, opts.force)).operation;
  const background = (opts: RunOptions) => {
    try {
      request(opts);
    } catch (e) {
      base.log.error('reconcile run not queued', { trigger: opts.trigger, error: describeError(e) });
    }
  };

  /** `reconcile.finished` once a run's row is final, so the UI reading the status sees that run. */
  const announce = (op: OperationView) => {
    const counts = countFindings((op.result as Partial<RunResult> | null)?.findings ?? []);
    base.events.publish(RECONCILE_FINISHED, {
      run_id: op.operation_id,
      inconsistencies_found: counts.found,
      inconsistencies_fixed: counts.fixed,
      inconsistencies_manual: counts.manual,
    });
  };
  unsubscribe.push(
    base.events.subscribe((e) => {
      if (e.type === 'operation.finished' && isReconcile(e.data as OperationView)) announce(e.data as OperationView);
    }),
  );

  const onEvent = (e: StreamEvent) => {
    const op = e.data as OperationView | null;
    // A repair that gave up: the next run reports it (and asks again if the registry allows).
    if (e.type === 'operation.finished' && op?.operation_type === REPAIR_KIND && op.status === 'failed')
      background({ trigger: 'repair' });
    // A webhook's refresh ends with registry.pushed, which runs anyway: one run, not two.
    else if (e.type === REGISTRY_CHANGED && (e.data as { reason?: string } | null)?.reason !== 'webhook') {
      // Only repairs waiting on the registry gain from a new look; with none, no run is needed.
      if (wakeRegistryWaits(queue) > 0) background({ trigger: 'registry' });
    } else if (e.type === REGISTRY_PUSHED) {
      wakeRegistryWaits(queue);
      background({ trigger: 'registry' });
    }
  };
  let listening = false;

  const reconciler: Reconciler = {
    request,
    async run(opts, signal) {
      const { operation } = await queue.waitFor(request(opts).id, RECONCILE_TIMEOUT_MS, signal);
      return runSummary(operation);
    },
    latest() {
      const op = queue.history({ kind: RECONCILE_KIND, status: ['completed', 'failed'], limit: 1 })[0];
      return op ? runSummary(op) : null;
    },
    running: () => queue.active(RECONCILE_KIND).some((o) => o.status === 'running'),
    listen() {
      if (listening) return;
      listening = true;
      unsubscribe.push(base.events.subscribe(onEvent));
    },
    start() {
      reconciler.listen();
      background({ trigger: 'startup' });
    },
    async idle() {
      for (let op = queue.active(RECONCILE_KIND)[0]; op; op = queue.active(RECONCILE_KIND)[0])
        await queue.waitFor(op.id, RECONCILE_TIMEOUT_MS);
    },
    close() {
      for (const off of unsubscribe.splice(0)) off();
    },
  };
  return reconciler;
}
