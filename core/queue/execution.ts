import { AppError } from '../platform/errors/app-error.ts';
import { redact } from '../platform/errors/redact.ts';
import type { QueueBase } from './base.ts';
import type { Logger } from '../platform/log.ts';
import { QUEUE_BACKOFF } from './backoff.ts';
import { canonicalJson } from './json.ts';
import { endOfAttempt, type AbortKind } from './outcome.ts';
import type { Registry } from './executors.ts';
import type { QueueStore } from './rows.ts';
import type { Executor, Operation } from './types.ts';

/** What a running attempt needs from the runner. */
export interface ExecutionEnv {
  deps: QueueBase;
  store: QueueStore;
  registry: Registry;
  owner: string;
  leaseMs: number;
  /** After an abort, how long to wait for the executor to settle before giving up on it. */
  abandonMs: number;
  random: () => number;
  /** Called after each committed change of the row (event stream, waiters). */
  changed(type: 'started' | 'progress' | 'retrying' | 'finished', op: Operation): void;
}

export interface Execution {
  abort(kind: AbortKind): void;
  readonly done: Promise<void>;
}

// Progress lines kept per attempt in operation_events; later ones still update the row.
const MAX_EVENTS_PER_ATTEMPT = 200;

const reasonFor = (kind: AbortKind, timeoutMs: number) =>
  kind === 'timeout'
    ? new AppError('TIMEOUT', { message: `Timed out after ${timeoutMs} ms` })
    : kind === 'cancel'
      ? new AppError('OPERATION_CANCELLED')
      : new AppError('OPERATION_INTERRUPTED', { message: 'Marquee is shutting down' });

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown; abandoned?: boolean };

/** The executor's promise, or a give-up `abandonMs` after the signal aborted if it ignores the signal. */
function settle(p: Promise<unknown>, signal: AbortSignal, abandonMs: number): Promise<Settled> {
  let timer: NodeJS.Timeout | undefined;
  const arm = (resolve: (s: Settled) => void) => () => {
    timer = setTimeout(() => resolve({ ok: false, error: signal.reason, abandoned: true }), abandonMs);
  };
  let onAbort: (() => void) | undefined;
  const giveUp = new Promise<Settled>((resolve) => {
    onAbort = arm(resolve);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const outcome = p.then(
    (value): Settled => ({ ok: true, value }),
    (error): Settled => ({ ok: false, error }),
  );
  return Promise.race([outcome, giveUp]).finally(() => {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort!);
  });
}

function startRun(executor: Executor, ctx: Parameters<Executor['run']>[0]): Promise<unknown> {
  try {
    return Promise.resolve(executor.run(ctx));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** One attempt in flight: why (if at all) its signal was aborted. */
interface Attempt {
  op: Operation;
  log: Logger;
  controller: AbortController;
  abortedFor: AbortKind | null;
  timeoutMs: number;
}

function progressFor(env: ExecutionEnv, a: Attempt) {
  let lines = 0;
  return (fraction: number, stage: string, message?: string) => {
    const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
    const msg = message === undefined ? null : redact(String(message)).slice(0, 500);
    const withEvent = ++lines <= MAX_EVENTS_PER_ATTEMPT;
    const row = env.store.progress(
      a.op.id,
      env.owner,
      env.deps.clock.now(),
      f,
      String(stage).slice(0, 100),
      msg,
      withEvent,
    );
    if (row) env.changed('progress', row);
  };
}

/** Runs the executor under its timeout, renewing the lease meanwhile; resolves with how it settled. */
async function runAttempt(env: ExecutionEnv, a: Attempt, executor: Executor, abort: (k: AbortKind) => void) {
  const { store, owner, deps } = env;
  const timer = setTimeout(() => abort('timeout'), executor.timeoutMs).unref();
  const renew = setInterval(
    () => {
      if (store.renew(a.op.id, owner, deps.clock.now() + env.leaseMs)) return;
      a.log.warn('operation lease lost; stopping the attempt');
      abort('shutdown');
    },
    Math.max(50, Math.floor(env.leaseMs / 3)),
  ).unref();
  const ctx = { op: a.op, params: a.op.params, signal: a.controller.signal, progress: progressFor(env, a) };
  const settled = await settle(startRun(executor, ctx), a.controller.signal, env.abandonMs);
  clearTimeout(timer);
  clearInterval(renew);
  if (!settled.ok && settled.abandoned)
    a.log.error('executor ignored its abort signal; gave up waiting', { reason: a.abortedFor });
  return settled;
}

/** Writes the attempt's end in one transaction, if this runner still holds the row, then announces it. */
function finishAttempt(env: ExecutionEnv, a: Attempt, settled: Settled, executor?: Executor): void {
  const { store, deps } = env;
  const { op } = a;
  let outcome = settled;
  let result: string | undefined;
  if (outcome.ok && outcome.value !== undefined) {
    try {
      result = canonicalJson(outcome.value, 'result');
    } catch (e) {
      outcome = { ok: false, error: e };
    }
  }
  const message = outcome.ok ? (outcome.value as { message?: unknown } | undefined)?.message : undefined;
  const ended = store.tx(() => {
    const t = endOfAttempt({
      op,
      ok: outcome.ok,
      result,
      resultMessage: typeof message === 'string' ? message : undefined,
      error: outcome.ok ? undefined : outcome.error,
      abortedFor: a.abortedFor,
      abandoned: !outcome.ok && !!outcome.abandoned,
      timeoutMs: a.timeoutMs,
      cancelRequested: store.get(op.id)?.cancelRequestedAt != null,
      pendingSibling: store.pendingSibling(op.key),
      now: deps.clock.now(),
      backoff: executor?.backoff ?? QUEUE_BACKOFF,
      random: env.random(),
    });
    return store.end(op.id, env.owner, deps.clock.now(), t, t.status === 'pending' ? 'retry' : 'finished');
  });
  if (!ended) return a.log.warn('operation no longer held by this runner; outcome discarded');
  // Completed attempts are in the history already; failures and retries are worth a line in the log.
  a.log[ended.status === 'completed' ? 'debug' : 'info']('operation attempt ended', {
    status: ended.status,
    error_code: ended.errorCode,
    message: ended.message,
  });
  env.changed(ended.status === 'pending' ? 'retrying' : 'finished', ended);
}

/** Runs one claimed attempt to its end: timeout, lease renewal, progress, then the row's transition. */
export function execute(env: ExecutionEnv, op: Operation): Execution {
  const executor = env.registry.get(op.kind);
  const a: Attempt = {
    op,
    log: env.deps.log.child({ operation_id: op.id, kind: op.kind, attempt: op.attempts }),
    controller: new AbortController(),
    abortedFor: null,
    timeoutMs: executor?.timeoutMs ?? 0,
  };
  const abort = (kind: AbortKind) => {
    if (a.abortedFor) return;
    a.abortedFor = kind;
    a.controller.abort(reasonFor(kind, a.timeoutMs));
  };
  const missing = (): Settled => ({
    ok: false,
    error: new AppError('SYSTEM_ERROR', { message: `No executor for operation kind ${op.kind}` }),
  });
  const done = (executor ? runAttempt(env, a, executor, abort) : Promise.resolve(missing()))
    .then((settled) => finishAttempt(env, a, settled, executor))
    .catch((e) =>
      a.log.error('operation bookkeeping failed', { error: (e as Error).message, stack: (e as Error).stack }),
    );
  return { abort, done };
}
