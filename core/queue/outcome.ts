import { isAppError, isTransient } from '../platform/errors/app-error.ts';
import { describeError, redact } from '../platform/errors/redact.ts';
import { backoffDelay, type BackoffPolicy } from '../../shared/backoff.ts';
import { MAX_RETRY_AFTER_MS } from '../platform/net/retry-after.ts';
import { attemptOf, type Transition } from './rows.ts';
import type { Operation } from './types.ts';

/** Why the runner aborted an attempt's signal. */
export const ABORT_KINDS = ['timeout', 'cancel', 'shutdown'] as const;
export type AbortKind = (typeof ABORT_KINDS)[number];

export interface RecordedError {
  code: string;
  message: string;
  transient: boolean;
  /** The least wait before a retry the error asks for (its `Retry-After` header, in seconds). */
  retryAfterMs?: number;
}

function retryAfterOf(e: unknown): number | undefined {
  const raw = isAppError(e) ? e.headers?.['Retry-After']?.trim() : undefined;
  return raw && /^\d+$/.test(raw) ? Math.min(Number(raw) * 1000, MAX_RETRY_AFTER_MS) : undefined;
}

/** The error recorded on the row: an AppError keeps its code; anything else is a bug (UNKNOWN_ERROR, terminal). */
export function recordedError(e: unknown, timedOutAfterMs?: number): RecordedError {
  if (timedOutAfterMs !== undefined)
    return { code: 'TIMEOUT', message: `Timed out after ${timedOutAfterMs} ms`, transient: true };
  if (isAppError(e))
    return { code: e.code, message: redact(e.message), transient: e.transient, retryAfterMs: retryAfterOf(e) };
  if (e instanceof Error && e.name === 'TimeoutError')
    return { code: 'TIMEOUT', message: describeError(e), transient: true };
  return { code: 'UNKNOWN_ERROR', message: describeError(e), transient: isTransient(e) };
}

export interface AttemptEnd {
  op: Operation;
  /** The executor returned (its result as canonical JSON), or threw. */
  ok: boolean;
  result?: string;
  resultMessage?: string;
  error?: unknown;
  abortedFor: AbortKind | null;
  /** The executor did not settle after its signal aborted; the runner stopped waiting for it. */
  abandoned: boolean;
  timeoutMs: number;
  /** A cancel was requested (possibly by another request since the claim). */
  cancelRequested: boolean;
  /** Id of a pending operation of the same key, queued behind this one. */
  pendingSibling: string | null;
  now: number;
  backoff: BackoffPolicy;
  random: number;
}

/**
 * How an attempt ends. A returned result wins over any abort that raced it (the work was done).
 * A cancel ends `cancelled`; a shutdown leaves the row pending with the attempt given back, to
 * resume after the restart. Otherwise a transient error with attempts left is retried after the
 * backoff, and anything else fails with the last error. A pending follow-up of the same key
 * supersedes a retry: it is the same request, and the key can hold only one pending row.
 */
export function endOfAttempt(a: AttemptEnd): Transition {
  if (a.ok)
    return {
      status: 'completed',
      progress: 1,
      result: a.result ?? null,
      message: a.resultMessage ?? 'Operation completed successfully',
    };
  if (a.abortedFor === 'cancel' || a.cancelRequested)
    return { status: 'cancelled', message: 'Operation cancelled by user' };
  if (a.abortedFor === 'shutdown' && !a.pendingSibling)
    return {
      status: 'pending',
      runAt: a.now,
      refundAttempt: true,
      message: 'Interrupted by shutdown; resumes after restart',
    };
  const err =
    a.abortedFor === 'shutdown'
      ? { code: 'OPERATION_INTERRUPTED', message: 'Interrupted by shutdown', transient: true }
      : recordedError(a.error, a.abortedFor === 'timeout' ? a.timeoutMs : undefined);
  const fields = { errorCode: err.code, errorMessage: err.message };
  const { attempts, maxAttempts } = a.op;
  // An abandoned attempt may still be working; another attempt now could run alongside it.
  if (err.transient && !a.abandoned && attempts < maxAttempts && !a.pendingSibling) {
    const delay = Math.max(backoffDelay(attempts, a.backoff, a.random), err.retryAfterMs ?? 0);
    return {
      status: 'pending',
      runAt: a.now + delay,
      ...fields,
      message: `Attempt ${attemptOf(a.op)} failed (${err.code}); retrying in ${Math.ceil(delay / 1000)} s`,
    };
  }
  const why = err.transient && a.pendingSibling ? `; superseded by queued operation ${a.pendingSibling}` : '';
  return { status: 'failed', ...fields, message: `Operation failed: ${err.message}${why}` };
}

/**
 * How an attempt interrupted by a crash (lease expired) ends: cancelled if a cancel was asked,
 * failed if no attempt is left or a pending follow-up supersedes it, else pending to run again now.
 */
export function afterCrash(op: Operation, pendingSibling: string | null, now: number): Transition {
  if (op.cancelRequestedAt !== null) return { status: 'cancelled', message: 'Operation cancelled by user' };
  const fields = { errorCode: 'OPERATION_INTERRUPTED', errorMessage: 'The process running the operation stopped' };
  if (pendingSibling)
    return { status: 'failed', ...fields, message: `Interrupted; superseded by queued operation ${pendingSibling}` };
  if (op.attempts >= op.maxAttempts)
    return {
      status: 'failed',
      ...fields,
      message: `Interrupted on its last attempt (${attemptOf(op)})`,
    };
  return { status: 'pending', runAt: now, ...fields, message: `Attempt ${op.attempts} was interrupted; resuming` };
}
