/**
 * The `reconcile` operation: one run (./run.ts), its findings the operation's result. One key, so
 * two runs never overlap and requests meet by the queue's rule: one waiting run answers every
 * request, forced if any asked for force; a request while a run is under way queues one follow-up
 * (the running one may have read the old state). A lane of its own: a run never waits behind an
 * install, and its history is kept apart (a day of runs at the default five-minute schedule).
 */
import type { Executor, JsonValue } from '../queue/types.ts';
import type { ReconcileEnv } from './context.ts';
import type { FolderCache } from './folder.ts';
import { RECONCILE_KIND } from './requests.ts';
import { sweep } from './run.ts';
import { countFindings, summaryMessage, type RunResult } from './summary.ts';

export const RUNS_KEPT = 288;

/** A backstop: a run takes milliseconds, a forced one also waits for one refresh of the registry. */
export const RECONCILE_TIMEOUT_MS = 10 * 60_000;

const forced = (params: JsonValue) => (params as { force?: unknown } | null)?.force === true;

/** `folders`: manifests read by earlier runs, kept for the life of the process. */
export function reconcileExecutor(env: ReconcileEnv, folders: FolderCache): Executor {
  return {
    kind: RECONCILE_KIND,
    timeoutMs: RECONCILE_TIMEOUT_MS,
    // Level-based and scheduled: a run that failed is simply the next one's work.
    maxAttempts: 1,
    concurrency: 1,
    keepFinished: RUNS_KEPT,
    merge: (pending, requested) => ({ force: forced(pending) || forced(requested) }),
    async run({ op, params, signal }) {
      const force = forced(params);
      const { checked, findings } = await sweep(env, { force, signal, self: op.id }, folders);
      const counts = countFindings(findings);
      env.log[counts.found ? 'info' : 'debug']('reconcile run finished', { run_id: op.id, force, ...counts });
      const message = summaryMessage({
        status: 'completed',
        error: null,
        inconsistencies_found: counts.found,
        inconsistencies_fixed: counts.fixed,
        inconsistencies_manual: counts.manual,
      });
      return { message, checked, findings } satisfies RunResult as unknown as JsonValue;
    },
  };
}
