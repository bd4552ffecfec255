/**
 * A run as the API reports it: LEDMatrix's summary fields (`inconsistencies_found`, `_fixed`,
 * `_manual`, and the `inconsistencies` / `fixed` / `manual_fix_required` lists), plus the run's id,
 * trigger, times and what is deferred with its next attempt.
 */
import type { ReconcileRunRow } from '../../db/schema.ts';
import type { Finding } from './types.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const brief = (f: Finding) => ({ plugin_id: f.plugin_id, type: f.type, description: f.description });

export function runSummary(row: ReconcileRunRow) {
  const findings = row.findings as Finding[];
  return {
    run_id: row.id,
    trigger: row.trigger,
    forced: row.forced,
    status: row.status,
    started_at: iso(row.startedAt)!,
    finished_at: iso(row.finishedAt),
    duration_ms: row.finishedAt === null ? null : row.finishedAt - row.startedAt,
    plugins_checked: row.checked,
    inconsistencies_found: row.found,
    inconsistencies_fixed: row.fixed,
    inconsistencies_manual: row.manual,
    inconsistencies_deferred: row.deferred,
    reconciliation_successful: row.status === 'completed' && row.manual === 0,
    inconsistencies: findings.map((f) => ({
      ...f,
      fix_action: f.outcome === 'manual' ? ('manual_fix_required' as const) : ('auto_fix' as const),
    })),
    fixed: findings
      .filter((f) => f.outcome === 'fixed' || f.outcome === 'queued')
      .map((f) => ({ ...brief(f), action: f.action, ...(f.operation_id ? { operation_id: f.operation_id } : {}) })),
    manual_fix_required: findings.filter((f) => f.outcome === 'manual').map((f) => ({ ...brief(f), action: f.action })),
    deferred: findings
      .filter((f) => f.outcome === 'deferred')
      .map((f) => ({
        ...brief(f),
        action: f.action,
        next_attempt_at: f.next_attempt_at ?? null,
        attempts: f.attempts ?? null,
      })),
    error: row.error,
  };
}

export type RunSummary = ReturnType<typeof runSummary>;

export function summaryMessage(
  s: Pick<
    RunSummary,
    'status' | 'error' | 'inconsistencies_found' | 'inconsistencies_fixed' | 'inconsistencies_manual'
  >,
): string {
  if (s.status === 'failed') return `Reconciliation failed: ${s.error ?? 'unknown error'}`;
  return `Reconciliation complete: ${s.inconsistencies_found} inconsistencies found, ${s.inconsistencies_fixed} fixed automatically, ${s.inconsistencies_manual} require manual attention`;
}
