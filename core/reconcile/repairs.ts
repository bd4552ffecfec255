/**
 * What the reconciler knows of repairs: only their operations. The latest repair of a plugin says
 * how many attempts it made, when the next one is, what last went wrong and whether it gave up.
 */
import type { Operation, Queue } from '../queue/types.ts';
import { REPAIR_KIND } from './repair.ts';

/** Repairs looked at when the registry changes: far more than there are plugins. */
const RECENT = 500;

/** The registry could not be read: a change of its content says it can now. */
export const REGISTRY_ERROR_CODE = 'REGISTRY_UNAVAILABLE';

export const latestRepair = (queue: Pick<Queue, 'history'>, id: string): Operation | undefined =>
  queue.history({ key: id, kind: REPAIR_KIND, limit: 1 })[0];

/** The newest repair of each plugin. */
function latestRepairs(queue: Pick<Queue, 'history'>): Operation[] {
  const seen = new Set<string>();
  return queue.history({ kind: REPAIR_KIND, limit: RECENT }).filter((op) => !seen.has(op.key) && !!seen.add(op.key));
}

/**
 * The registry's content changed: repairs waiting because it could not be read are tried now.
 * Returns how many repairs wait on the registry (those, and those that ended failed, which a run
 * may ask for again).
 */
export function wakeRegistryWaits(queue: Pick<Queue, 'history' | 'retryNow'>): number {
  let waiting = 0;
  for (const op of latestRepairs(queue)) {
    if (op.status === 'pending' && op.errorCode === REGISTRY_ERROR_CODE) waiting += queue.retryNow(op.id) ? 1 : 0;
    else if (op.status === 'failed') waiting += 1;
  }
  return waiting;
}
