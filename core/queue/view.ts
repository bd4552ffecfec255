import { ERRORS } from '../platform/errors/catalogue.ts';
import type { Operation } from './types.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The catalogue's suggested fixes for an error code (none for a code it does not list). */
const fixesOf = (code: string): readonly string[] =>
  (ERRORS as Record<string, { fixes: readonly string[] }>)[code]?.fixes ?? [];

/**
 * An operation as the API shows it, with LEDMatrix's field names (`operation_id`,
 * `operation_type`, `plugin_id`, ...). Params are left out on purpose: a configure operation's
 * params can hold secrets, and the caller already knows what it asked for.
 */
export function operationView(op: Operation) {
  return {
    operation_id: op.id,
    operation_type: op.kind,
    plugin_id: op.key,
    status: op.status,
    progress: op.progress,
    stage: op.stage,
    message: op.message,
    error:
      op.errorCode === null
        ? null
        : { code: op.errorCode, message: op.errorMessage ?? '', fixes: fixesOf(op.errorCode) },
    attempts: op.attempts,
    /** Null: no limit while failures are transient (a repair, a registry refresh). */
    max_attempts: Number.isFinite(op.maxAttempts) ? op.maxAttempts : null,
    requested_by: op.requestedBy,
    created_at: iso(op.createdAt),
    started_at: iso(op.startedAt),
    completed_at: iso(op.finishedAt),
    updated_at: iso(op.updatedAt),
    /** When a pending operation may next start (a retry waits here). */
    next_attempt_at: op.status === 'pending' ? iso(op.runAt) : null,
    cancel_requested: op.cancelRequestedAt !== null,
    result: op.result,
  };
}

export type OperationView = ReturnType<typeof operationView>;
