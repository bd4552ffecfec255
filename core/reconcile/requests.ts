/**
 * Asking for a reconcile run: always a `reconcile` operation on one key, so the queue's per-key
 * rule is the reconciler's join and follow-up (a request while one waits joins it, a forced one
 * making it forced; a request while one runs queues one follow-up). Who asked is the operation's
 * requester, read back as the run's trigger.
 */
import type { EnqueueRequest, Requester } from '../queue/types.ts';
import type { ReconcileTrigger } from './types.ts';

export const RECONCILE_KIND = 'reconcile';

const REQUESTER: Record<ReconcileTrigger, Requester> = {
  startup: 'system',
  schedule: 'schedule',
  registry: 'registry',
  api: 'api',
  repair: 'reconciler',
};

const TRIGGER: Record<Requester, ReconcileTrigger> = {
  system: 'startup',
  schedule: 'schedule',
  registry: 'registry',
  webhook: 'registry',
  api: 'api',
  reconciler: 'repair',
};

export const triggerOf = (requestedBy: Requester): ReconcileTrigger => TRIGGER[requestedBy] ?? 'api';

export const reconcileRequest = (trigger: ReconcileTrigger, force = false): EnqueueRequest => ({
  kind: RECONCILE_KIND,
  key: RECONCILE_KIND,
  params: { force },
  requestedBy: REQUESTER[trigger],
});
