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
  /** Default 3. `Infinity`: no limit while failures are transient (a terminal error still ends it). */
  maxAttempts?: number;
  /**
   * Delay before a retry; default QUEUE_BACKOFF (core/queue/backoff.ts). An AppError carrying a
   * `Retry-After` header (seconds) makes the wait at least that long.
   */
  backoff?: BackoffPolicy;
  /**
   * Slots of its own: operations of this kind run in a lane beside the `limits.queueConcurrency`
   * slots the other kinds share, at most this many at once. For short work someone waits for (a
   * registry refresh behind a browse, a reconcile run) that must never queue behind long installs.
   */
  concurrency?: number;
  /**
   * Finished operations of this kind the history prune keeps, counted apart from
   * `limits.historyMaxRows`: scheduled and background kinds never push users' operations out.
   */
  keepFinished?: number;
  /**
   * Requests of this kind on one key are merged instead of refused: a pending operation takes the
   * merged params and answers the request (coalesced), and a request while one runs queues one
   * pending follow-up whatever its params. A reconcile run asked for with `force` while a plain
   * one waits becomes a forced one.
   */
  merge?(pending: P, requested: P): P;
  /**
   * A pending operation of this kind gives way to a request of any other kind on its key (directly
   * or through `alsoTouches`): it is cancelled as superseded, in the same transaction. For work its
   * requester asks for again anyway (a reconciler's repair), which must never stand in a person's way.
   */
  yields?: boolean;
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
  /** Not started before this time (Unix ms; default now): a retry some other work decided on. */
  runAt?: number;
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
  status?: OperationStatus | readonly OperationStatus[];
  /** Only operations created before this one (an operation id) or this time (Unix ms). */
  before?: string | number;
}

/**
 * The operation queue. Every state-changing request, repair, refresh and scheduled job goes through it:
 *
 * ```ts
 * // at composition (core/app/web.ts), once per kind, the executor holding its collaborators:
 * queue.register({ kind: 'configure', timeoutMs: 10_000, async run({ params, signal, progress }) { ... } });
 * // in a room: saved before anything happens, then run by the runner
 * const r = await queue.enqueueAndWait({ kind: 'configure', key: pluginId, params: { ... } });
 * // a route answers with operationResponse(c, r) (core/http/responses/operation.ts): 200 or 202 + Location
 * ```
 *
 * In tests (`testDeps()`), register the kind on `deps.queue`, enqueue, then `await deps.queue.runOnce()`
 * to run what is due; the runner task is registered but not started, and the clock is manual, so a
 * retry runs after `deps.clock.advance(ms)`. Publish other changes on the same stream with
 * `deps.events.publish('plugin.state', data)`.
 *
 * Per key (./policy.ts): a request identical (same kind and params) to a pending one returns that
 * operation (`coalesced`); one identical to the running one queues a single pending follow-up;
 * anything else while the key has a pending or running operation throws 409
 * PLUGIN_OPERATION_CONFLICT naming it, unless the executors say otherwise (`merge`, `yields`).
 * More than `limits.queueMaxPending` pending operations throws 429 QUEUE_FULL.
 */
export interface Queue {
  register<P extends JsonValue, R extends JsonValue | void>(executor: Executor<P, R>): void;
  /** The executor registered for a kind (a kind that runs another's work, as a repair runs the install). */
  executor(kind: string): Executor | undefined;
  /** Saves the operation (one transaction with the per-key and pending-limit checks) and wakes the runner. */
  enqueue(req: EnqueueRequest): EnqueueResult;
  /** Enqueues, then waits up to `waitMs` (default setting queue.waitMs) for it to finish. */
  enqueueAndWait(req: EnqueueRequest, waitMs?: number, signal?: AbortSignal): Promise<EnqueueResult & WaitResult>;
  /** Waits up to `waitMs` for an operation to finish; throws OPERATION_NOT_FOUND. */
  waitFor(id: string, waitMs?: number, signal?: AbortSignal): Promise<WaitResult>;
  /**
   * Waits up to `waitMs` for an operation's current or next attempt to end (it finished, or waits
   * for a retry); throws OPERATION_NOT_FOUND. For callers that only need one try's outcome.
   */
  waitForAttempt(id: string, waitMs: number, signal?: AbortSignal): Promise<Operation>;
  get(id: string): Operation | null;
  /** The key's pending and running operations. */
  active(key: string): Operation[];
  /** Newest first. */
  history(filter?: HistoryFilter): Operation[];
  /** Progress and log lines of one operation, oldest first. */
  events(id: string): OperationEvent[];
  /** Deletes finished operations (never pending or running ones); returns how many. */
  clearHistory(): number;
  /** Pending → cancelled; running → aborted, ends cancelled; finished → 409 OPERATION_NOT_CANCELLABLE. */
  cancel(id: string): Operation;
  /** A pending operation waiting for a retry becomes due now (its attempts stay); null when none waits. */
  retryNow(id: string): Operation | null;
  /**
   * Applies history retention: each kind with `keepFinished` keeps that many finished operations,
   * the others together `limits.historyMaxRows`, none older than `limits.historyMaxDays`. Returns
   * how many were deleted.
   */
  prune(): number;
  /**
   * Recovers expired leases, claims due operations and runs them to the end; returns how many ran.
   * With `kinds`, claims only operations of those kinds and recovers nothing (recovery may settle any
   * kind's leftovers): the web process runs registry refreshes this way while it starts, and tests
   * run background kinds while installs wait for them.
   */
  runOnce(opts?: { kinds?: readonly string[] }): Promise<number>;
  /** The runner loop for a guarded task: returns when `signal` aborts, after running work has settled. */
  run(signal: AbortSignal): Promise<void>;
  /** Shutdown phase 1: stop claiming, wait for running operations; true if none is left. */
  drain(timeoutMs: number): Promise<boolean>;
  status(): { running: number; pending: number; owner: string };
}
