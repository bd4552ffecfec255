/**
 * Persisted repair state per plugin (`reconcile_repairs`): attempts, when the next one may happen,
 * and whether the plugin is missing from the registry. Kept in SQLite so a restart neither forgets
 * a backoff (and retries at once, in a loop across restarts) nor forgets a plugin still to repair.
 */
import { eq, or } from 'drizzle-orm';
import { reconcileRepairs, type ReconcileRepairRow } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import { repairDelay } from './backoff.ts';

type RepairDeps = Pick<Deps, 'db' | 'clock'>;

/** The registry could not be read: retrying is pointless until it can, and a change of its content says it can. */
export const REGISTRY_ERROR_CODE = 'REGISTRY_UNAVAILABLE';

export function listRepairs(deps: Pick<Deps, 'db'>): Map<string, ReconcileRepairRow> {
  return new Map(
    deps.db.orm
      .select()
      .from(reconcileRepairs)
      .all()
      .map((r) => [r.pluginId, r]),
  );
}

export function getRepair(deps: Pick<Deps, 'db'>, id: string): ReconcileRepairRow | undefined {
  return deps.db.orm.select().from(reconcileRepairs).where(eq(reconcileRepairs.pluginId, id)).get();
}

function upsert(deps: RepairDeps, id: string, set: Partial<Omit<ReconcileRepairRow, 'pluginId'>>) {
  const values = { pluginId: id, ...set, updatedAt: deps.clock.now() };
  return deps.db.orm
    .insert(reconcileRepairs)
    .values(values)
    .onConflictDoUpdate({ target: reconcileRepairs.pluginId, set: { ...set, updatedAt: values.updatedAt } })
    .returning()
    .get();
}

export interface AttemptFacts {
  errorCode?: string | null;
  error?: string | null;
  operationId?: string | null;
}

/** Counts one attempt (a failed look-up or an enqueued install) and sets the next time from the backoff table. */
export function recordAttempt(deps: RepairDeps, id: string, facts: AttemptFacts): ReconcileRepairRow {
  const now = deps.clock.now();
  const attempts = (getRepair(deps, id)?.attempts ?? 0) + 1;
  return upsert(deps, id, {
    attempts,
    nextAttemptAt: now + repairDelay(attempts),
    unrecoverable: false,
    lastAttemptAt: now,
    lastErrorCode: facts.errorCode ?? null,
    lastError: facts.error ?? null,
    ...(facts.operationId !== undefined ? { operationId: facts.operationId } : {}),
  });
}

/** The registry was read and does not have the plugin: no attempt until its content changes or a forced run. */
export function markUnrecoverable(deps: RepairDeps, id: string, facts: { code: string; message: string }) {
  return upsert(deps, id, {
    unrecoverable: true,
    nextAttemptAt: null,
    lastAttemptAt: deps.clock.now(),
    lastErrorCode: facts.code,
    lastError: facts.message,
  });
}

/** After an install failed: what went wrong is kept for the report; the schedule stays as it was. */
export function noteError(deps: RepairDeps, id: string, facts: { code: string | null; message: string | null }) {
  return upsert(deps, id, { lastErrorCode: facts.code, lastError: facts.message });
}

/** The plugin is back (or no longer wanted): a later failure starts the table from the beginning. */
export function resetRepair(deps: Pick<Deps, 'db'>, id: string): boolean {
  return deps.db.orm.delete(reconcileRepairs).where(eq(reconcileRepairs.pluginId, id)).run().changes > 0;
}

/** A forced run: every plugin may be attempted now. The attempt count stays, so failures keep backing off. */
export function clearAllWaits(deps: RepairDeps): number {
  return deps.db.orm
    .update(reconcileRepairs)
    .set({ nextAttemptAt: null, unrecoverable: false, updatedAt: deps.clock.now() })
    .run().changes;
}

/**
 * The registry's content changed: plugins missing from it may be there now, and plugins waiting
 * because it could not be read may try again. Returns how many were waiting on it.
 */
export function clearRegistryWaits(deps: RepairDeps): number {
  return deps.db.orm
    .update(reconcileRepairs)
    .set({ nextAttemptAt: null, unrecoverable: false, updatedAt: deps.clock.now() })
    .where(or(eq(reconcileRepairs.unrecoverable, true), eq(reconcileRepairs.lastErrorCode, REGISTRY_ERROR_CODE)))
    .run().changes;
}
