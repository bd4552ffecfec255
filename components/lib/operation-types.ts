import { ApiError } from './api-error.ts';

export const OPERATION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

const FINISHED: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** An operation as the API and the event stream show it (`operationView` on the server). */
export interface OperationView {
  operation_id: string;
  operation_type: string;
  plugin_id: string;
  status: OperationStatus;
  progress: number;
  stage: string | null;
  message: string | null;
  error: { code: string; message: string; fixes?: readonly string[] } | null;
  attempts: number;
  /** Null: no limit while failures are transient. */
  max_attempts: number | null;
  requested_by: string;
  created_at: string | null;
  started_at: string | null;
  completed_at: string | null;
  updated_at: string | null;
  next_attempt_at: string | null;
  cancel_requested: boolean;
  result: unknown;
}

export const isFinished = (op: Pick<OperationView, 'status'>): boolean => FINISHED.has(op.status);

export function isOperationView(v: unknown): v is OperationView {
  const o = v as OperationView | null;
  return !!o && typeof o === 'object' && typeof o.operation_id === 'string' && typeof o.status === 'string';
}

/**
 * Which of two views of one operation is the later: a finished one is final; otherwise the one
 * updated last (a fetched copy may arrive after a newer event, or the other way round).
 */
export function newer(a: OperationView | undefined, b: OperationView): OperationView {
  if (!a) return b;
  if (isFinished(a) !== isFinished(b)) return isFinished(a) ? a : b;
  return time(b.updated_at) >= time(a.updated_at) ? b : a;
}

const time = (iso: string | null) => {
  const t = Date.parse(iso ?? '');
  return Number.isNaN(t) ? -Infinity : t;
};

/** "3 of 5", or "3" when attempts are unlimited. */
export const attemptsText = (attempts: number, max: number | null) =>
  max === null ? `${attempts}` : `${attempts} of ${max}`;

/** A failed operation's error as an ApiError, so it is shown like any other (message, code, fixes). */
export function operationError(op: OperationView): ApiError {
  return new ApiError({
    code: op.error?.code ?? 'OPERATION_FAILED',
    message: op.error?.message || op.message || `The ${op.operation_type} of ${op.plugin_id} failed`,
    status: 0,
    context: { operation_id: op.operation_id, attempts: attemptsText(op.attempts, op.max_attempts) },
    fixes: op.error?.fixes ?? [],
  });
}

/** The answer of a lifecycle endpoint: a finished operation (200) or `{operation_id, status}` (202). */
export function operationOf(data: unknown, pluginId: string, kind: string): OperationView {
  if (isOperationView(data) && 'operation_type' in data) return data;
  const d = data as { operation_id: string; status?: OperationStatus };
  return {
    operation_id: d.operation_id,
    operation_type: kind,
    plugin_id: pluginId,
    status: d.status ?? 'pending',
    progress: 0,
    stage: null,
    message: null,
    error: null,
    attempts: 0,
    max_attempts: 1,
    requested_by: 'api',
    created_at: null,
    started_at: null,
    completed_at: null,
    updated_at: null,
    next_attempt_at: null,
    cancel_requested: false,
    result: null,
  };
}
