/** `GET /api/v3/plugins/reconciliation-status`: LEDMatrix's banner fields over the newest finished run. */
import type { Reconciler } from './service.ts';

export function reconciliationStatus(reconciler: Pick<Reconciler, 'latest' | 'running'>) {
  const run = reconciler.latest();
  return {
    done: run !== null,
    running: reconciler.running(),
    successful: run ? run.reconciliation_successful : null,
    fixed_count: run?.inconsistencies_fixed ?? 0,
    unresolved: (run?.manual_fix_required ?? []).map(({ plugin_id, type, description }) => ({
      plugin_id,
      type,
      description,
    })),
    run,
  };
}
