/**
 * The reconciler's tables (DESIGN.md §6): one row per run with what it found, and one row per
 * plugin whose repair is waiting (backoff, or not in the registry). Times are Unix milliseconds
 * from `deps.clock`.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What started a run. */
export const RECONCILE_TRIGGERS = ['startup', 'schedule', 'registry', 'api'] as const;
export type ReconcileTrigger = (typeof RECONCILE_TRIGGERS)[number];

export const RECONCILE_RUN_STATUSES = ['running', 'completed', 'failed'] as const;
export type ReconcileRunStatus = (typeof RECONCILE_RUN_STATUSES)[number];

/**
 * One row per run. Inserted when the run starts (a run that dies with the process stays
 * `running` and is reported as interrupted), completed with its counts and findings.
 */
export const reconcileRuns = sqliteTable(
  'reconcile_runs',
  {
    id: text('id').primaryKey(),
    trigger: text('trigger', { enum: RECONCILE_TRIGGERS }).notNull(),
    forced: integer('forced', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: RECONCILE_RUN_STATUSES }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    /** How many plugins were looked at. */
    checked: integer('checked').notNull().default(0),
    found: integer('found').notNull().default(0),
    fixed: integer('fixed').notNull().default(0),
    deferred: integer('deferred').notNull().default(0),
    manual: integer('manual').notNull().default(0),
    /** JSON array of findings (core/reconcile/types.ts `Finding`). */
    findings: text('findings', { mode: 'json' }).$type<unknown[]>().notNull().default([]),
    /** Why the run as a whole failed (a bug or the database); a plugin's failure is a finding. */
    error: text('error'),
  },
  (t) => [index('reconcile_runs_started').on(t.startedAt)],
);

export type ReconcileRunRow = typeof reconcileRuns.$inferSelect;

/**
 * A plugin whose reinstall is waiting. Survives restarts so the backoff schedule does too; deleted
 * once the plugin is back on disk (a success resets the count).
 */
export const reconcileRepairs = sqliteTable('reconcile_repairs', {
  pluginId: text('plugin_id').primaryKey(),
  /** Repair attempts so far (registry look-ups that failed, installs enqueued). */
  attempts: integer('attempts').notNull().default(0),
  /** No attempt before this time. */
  nextAttemptAt: integer('next_attempt_at'),
  /** Not in any registry source: no attempt until the registry's content changes or a forced run. */
  unrecoverable: integer('unrecoverable', { mode: 'boolean' }).notNull().default(false),
  lastAttemptAt: integer('last_attempt_at'),
  lastErrorCode: text('last_error_code'),
  lastError: text('last_error'),
  /** The last install operation the reconciler enqueued for this plugin. */
  operationId: text('operation_id'),
  updatedAt: integer('updated_at').notNull(),
});

export type ReconcileRepairRow = typeof reconcileRepairs.$inferSelect;
