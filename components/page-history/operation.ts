/** An operation as the API shows it (`core/queue/view.ts`). */
export interface Operation {
  operation_id: string;
  operation_type: string;
  plugin_id: string;
  status: OperationStatus;
  progress: number;
  stage: string | null;
  message: string | null;
  error: { code: string; message: string; fixes?: string[] } | null;
  attempts: number;
  max_attempts: number;
  requested_by: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  next_attempt_at: string | null;
  cancel_requested: boolean;
  result: unknown;
}

/** One line of an operation's log (`GET /api/v3/plugins/operation/:id/events`). */
export interface OperationStep {
  id: number;
  at: string;
  type: string;
  attempt: number;
  progress: number | null;
  stage: string | null;
  message: string | null;
}

export const OPERATION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];

/** Kinds offered as filter suggestions (any kind may be typed). */
export const OPERATION_KINDS = ['install', 'update', 'uninstall', 'toggle', 'configure', 'store-refresh'] as const;

export const isUnfinished = (op: Operation) => op.status === 'pending' || op.status === 'running';

const REQUESTERS: Record<string, string> = {
  api: 'you (this page or the API)',
  reconciler: 'the reconciler, keeping plugins as configured',
  webhook: 'the registry webhook',
  schedule: 'a schedule',
  system: 'Marquee itself',
};

/** Who asked for an operation, in words. */
export const requesterText = (who: string) => REQUESTERS[who] ?? who;

export const percent = (fraction: number | null | undefined) =>
  typeof fraction === 'number' ? `${Math.round(fraction * 100)} %` : '';
