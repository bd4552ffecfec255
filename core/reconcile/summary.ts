/**
 * A run as the API reports it, read from its `reconcile` operation: LEDMatrix's summary fields
 * (`inconsistencies_found`, `_fixed`, `_manual`, and the `inconsistencies` / `fixed` /
 * `manual_fix_required` lists), plus the run's id, trigger, times and what is deferred with its
 * next attempt.
 */
import type { Operation } from '../queue/types.ts';
import { triggerOf } from './requests.ts';
import type { Finding, ReconcileRunStatus } from './types.ts';

/** What a run's operation keeps as its result. */
export interface RunResult {
  message: string;
  checked: number;
  findings: Finding[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const brief = (f: Finding) => ({ plugin_id: f.plugin_id, type: f.type, description: f.description });

export function countFindings(findings: readonly Finding[]) {
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

/** Asked for and not over yet (waiting or running) reads as running; cancelled as failed. */
const statusOf = (op: Operation): ReconcileRunStatus =>
  op.status === 'completed' ? 'completed' : op.status === 'pending' || op.status === 'running' ? 'running' : 'failed';

export function runSummary(op: Operation) {
  const result = (op.status === 'completed' ? op.result : null) as Partial<RunResult> | null;
  const findings = result?.findings ?? [];
  const counts = countFindings(findings);
  const status = statusOf(op);
  const started = op.startedAt ?? op.createdAt;
  return {
    run_id: op.id,
    trigger: triggerOf(op.requestedBy),
    forced: (op.params as { force?: unknown } | null)?.force === true,
    status,
    started_at: iso(started)!,
    finished_at: iso(op.finishedAt),
    duration_ms: op.finishedAt === null ? null : op.finishedAt - started,
    plugins_checked: result?.checked ?? 0,
    inconsistencies_found: counts.found,
    inconsistencies_fixed: counts.fixed,
    inconsistencies_manual: counts.manual,
    inconsistencies_deferred: counts.deferred,
    reconciliation_successful: status === 'completed' && counts.manual === 0,
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
    error: status === 'failed' ? (op.errorMessage ?? op.message ?? 'unknown error') : null,
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
