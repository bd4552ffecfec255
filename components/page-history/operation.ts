import type { OperationView } from '../lib/operation-types.ts';
/** An operation as the API shows it. */
export type Operation = OperationView;

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

export { OPERATION_STATUSES } from '../lib/operation-types.ts';

/** An operation's status as the history says it. */
export const STATUS_WORDS: Readonly<Record<Operation['status'], string>> = Object.freeze({
  pending: 'Waiting',
  running: 'Running',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
});

/** Kinds offered as filter suggestions (any kind may be typed). */
export const OPERATION_KINDS = [
  'install',
  'update',
  'uninstall',
  'enable',
  'disable',
  'toggle',
  'configure',
  'store-refresh',
  'repair',
  'reconcile',
] as const;

export const isUnfinished = (op: Operation) => op.status === 'pending' || op.status === 'running';

const REQUESTERS: Record<string, string> = {
  api: 'you (this page or the API)',
  reconciler: 'the reconciler, keeping plugins as configured',
  webhook: 'the registry webhook',
  registry: 'a change in the plugin registry',
  schedule: 'a schedule',
  system: 'Marquee itself',
};

/** Who asked for an operation, in words. */
export const requesterText = (who: string) => REQUESTERS[who] ?? who;

export const percent = (fraction: number | null | undefined) =>
  typeof fraction === 'number' ? `${Math.round(fraction * 100)} %` : '';
