import type { OperationEventRow, OperationRow, OperationStatus, Requester } from '../../db/schema/queue.ts';
import type { BackoffPolicy } from '../../shared/backoff.ts';
import type { JsonValue } from './json.ts';

export type { JsonValue, OperationStatus, Requester };

/** An operation row with its params and result parsed. */
export type Operation = Omit<OperationRow, 'params' | 'result'> & { params: JsonValue; result: JsonValue | null };
export type OperationEvent = OperationEventRow;

export interface ExecutorContext<P extends JsonValue = JsonValue> {
  /** The row as claimed: `op.attempts` is this attempt's number (1 for the first). */
  op: Operation;
  params: P;
  /**
   * Aborted on timeout, cancel or shutdown (`signal.reason` is an AppError saying which). The
   * executor must stop, roll back its partial work, then settle (throwing is fine): the runner
   * records the outcome from why it aborted, not from what the executor throws.
   */
  signal: AbortSignal;
  /** Records progress (0–1), a stage name and an optional log line; shown in the API and the event stream. */
  progress(fraction: number, stage: string, message?: string): void;
}

export interface Executor<P extends JsonValue = JsonValue, R extends JsonValue | void = JsonValue | void> {
  kind: string;
  /** An attempt running longer is aborted and fails with TIMEOUT (transient, so retried if attempts remain). */
  timeoutMs: number;
  /** Default 3. */
  maxAttempts?: number;
  /** Delay before a retry; default QUEUE_BACKOFF (core/queue/backoff.ts). */
  backoff?: BackoffPolicy;
  /**
   * Does the work. Returns JSON data (or nothing); a `message` string in it becomes the
   * operation's message. Throw an AppError: transient ones are retried, others fail at once; any
   * other error is a bug and fails at once as UNKNOWN_ERROR.
   */
  run(ctx: ExecutorContext<P>): Promise<R>;
  /**
   * Called when an attempt of this kind was interrupted by a crash (its lease expired), before the
   * row is retried, failed or cancelled: clean partial work (staging folders, half-written files).
   * Must be idempotent. Errors are logged and do not block recovery.
   */
  recover?(ctx: { op: Operation; params: P }): Promise<void> | void;
}

export interface EnqueueRequest {
  kind: string;
  /** Serialisation key, usually the plugin id (shown as `plugin_id`). */
  key: string;
  params?: JsonValue;
  /** Default 'api'. */
  requestedBy?: Requester;
  /** Overrides the executor's maxAttempts. */
  maxAttempts?: number;
  /**
   * Other keys the work also touches (a config.json save holding plugin sections): an active
   * operation of another kind on any of them refuses this one with 409, in the same transaction.
   */
  alsoTouches?: readonly string[];
}

export interface EnqueueResult {
  operation: Operation;
  /** True when an identical pending operation already existed and was returned instead. */
  coalesced: boolean;
}

export interface WaitResult {
  operation: Operation;
  /** Whether the operation reached completed, failed or cancelled within the wait. */
  finished: boolean;
}

export interface HistoryFilter {
  limit?: number;
  key?: string;
  kind?: string;
  status?: OperationStatus;
  /** Only operations created before this one (an operation id) or this time (Unix ms). */
  before?: string | number;
}

/**
 * The operation queue, `deps.queue`. Every state-changing request goes through it:
 *
 * ```ts
 * // at composition (core/app/web.ts), once per kind:
 * deps.queue.register({ kind: 'configure', timeoutMs: 10_000, async run({ params, signal, progress }) { ... } });
 * // in a route: saved before anything happens, then run by the runner
 * const r = await deps.queue.enqueueAndWait({ kind: 'configure', key: pluginId, params: { ... } });
 * return operationResponse(c, r); // 200 with the final operation, or 202 + Location (both from core/queue/index.ts)
 * ```
 *
 * In tests (`testDeps()`), register the kind on `deps.queue`, enqueue, then `await deps.queue.runOnce()`
 * to run what is due; the runner task is registered but not started, and the clock is manual, so a
 * retry runs after `deps.clock.advance(ms)`. Publish other changes on the same stream with
 * `deps.events.publish('plugin.state', data)`.
 *
 * Per key: a request identical (same kind and params) to a pending one returns that operation
 * (`coalesced`); one identical to the running one queues a single pending follow-up; anything else
 * while the key has a pending or running operation throws 409 PLUGIN_OPERATION_CONFLICT naming it.
 * More than `limits.queueMaxPending` pending operations throws 429 QUEUE_FULL.
 */
export interface Queue {
  register<P extends JsonValue, R extends JsonValue | void>(executor: Executor<P, R>): void;
  /** Saves the operation (one transaction with the per-key and pending-limit checks) and wakes the runner. */
  enqueue(req: EnqueueRequest): EnqueueResult;
  /** Enqueues, then waits up to `waitMs` (default setting queue.waitMs) for it to finish. */
  enqueueAndWait(req: EnqueueRequest, waitMs?: number, signal?: AbortSignal): Promise<EnqueueResult & WaitResult>;
  /** Waits up to `waitMs` for an operation to finish; throws OPERATION_NOT_FOUND. */
  waitFor(id: string, waitMs?: number, signal?: AbortSignal): Promise<WaitResult>;
  get(id: string): Operation | null;
  /** Newest first. */
  history(filter?: HistoryFilter): Operation[];
  /** Progress and log lines of one operation, oldest first. */
  events(id: string): OperationEvent[];
  /** Deletes finished operations (never pending or running ones); returns how many. */
  clearHistory(): number;
  /** Pending → cancelled; running → aborted, ends cancelled; finished → 409 OPERATION_NOT_CANCELLABLE. */
  cancel(id: string): Operation;
  /** Applies history retention (limits.historyMaxRows / historyMaxDays); returns how many were deleted. */
  prune(): number;
  /** Recovers expired leases, claims due operations and runs them to the end; returns how many ran. For tests. */
  runOnce(): Promise<number>;
  /** The runner loop for a guarded task: returns when `signal` aborts, after running work has settled. */
  run(signal: AbortSignal): Promise<void>;
  /** Shutdown phase 1: stop claiming, wait for running operations; true if none is left. */
  drain(timeoutMs: number): Promise<boolean>;
  status(): { running: number; pending: number; owner: string };
}
