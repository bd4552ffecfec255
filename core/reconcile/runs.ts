/** Run rows (`reconcile_runs`): written when a run starts and when it ends; the newest few hundred kept. */
import { desc, eq, lt, ne, sql } from 'drizzle-orm';
import { reconcileRuns, type ReconcileRunRow, type ReconcileTrigger } from '../../db/schema.ts';
import type { Deps } from '../deps.ts';
import type { Finding } from './types.ts';

type RunDeps = Pick<Deps, 'db' | 'clock'>;

/** A day of runs at the default five-minute schedule. */
export const RUNS_KEPT = 288;

export function insertRun(deps: RunDeps, run: { id: string; trigger: ReconcileTrigger; forced: boolean }): void {
  deps.db.orm
    .insert(reconcileRuns)
    .values({ ...run, status: 'running', startedAt: deps.clock.now() })
    .run();
}

export interface RunCounts {
  checked: number;
  found: number;
  fixed: number;
  deferred: number;
  manual: number;
}

export function countFindings(findings: readonly Finding[]): Omit<RunCounts, 'checked'> {
  let fixed = 0;
  let deferred = 0;
  let manual = 0;
  for (const f of findings) {
    if (f.outcome === 'fixed' || f.outcome === 'queued') fixed++;
    else if (f.outcome === 'deferred') deferred++;
    else manual++;
  }
  return { found: findings.length, fixed, deferred, manual };
}

export function finishRun(
  deps: RunDeps,
  id: string,
  end: { checked: number; findings: Finding[]; error?: string | null },
): ReconcileRunRow {
  const row = deps.db.orm
    .update(reconcileRuns)
    .set({
      status: end.error ? 'failed' : 'completed',
      finishedAt: deps.clock.now(),
      checked: end.checked,
      ...countFindings(end.findings),
      findings: end.findings,
      error: end.error ?? null,
    })
    .where(eq(reconcileRuns.id, id))
    .returning()
    .get()!;
  prune(deps);
  return row;
}

function prune(deps: Pick<Deps, 'db'>): void {
  const oldestKept = deps.db.orm
    .select({ startedAt: reconcileRuns.startedAt })
    .from(reconcileRuns)
    .orderBy(desc(reconcileRuns.startedAt))
    .limit(1)
    .offset(RUNS_KEPT - 1)
    .get();
  if (oldestKept) deps.db.orm.delete(reconcileRuns).where(lt(reconcileRuns.startedAt, oldestKept.startedAt)).run();
}

/** The newest finished run (completed or failed). */
export function latestRun(deps: Pick<Deps, 'db'>): ReconcileRunRow | undefined {
  return deps.db.orm
    .select()
    .from(reconcileRuns)
    .where(ne(reconcileRuns.status, 'running'))
    .orderBy(desc(reconcileRuns.startedAt), desc(sql`rowid`))
    .limit(1)
    .get();
}

export function getRun(deps: Pick<Deps, 'db'>, id: string): ReconcileRunRow | undefined {
  return deps.db.orm.select().from(reconcileRuns).where(eq(reconcileRuns.id, id)).get();
}

/** Runs a previous process left `running` (it stopped mid-run): closed as failed, so none looks alive. */
export function closeInterrupted(deps: RunDeps): number {
  return deps.db.orm
    .update(reconcileRuns)
    .set({ status: 'failed', finishedAt: deps.clock.now(), error: 'interrupted: the process stopped during the run' })
    .where(eq(reconcileRuns.status, 'running'))
    .run().changes;
}
