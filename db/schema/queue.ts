/**
 * The operation queue's tables. `operations` is both the queue (pending and running rows) and the
 * history (finished rows, pruned by retention); `operation_events` keeps each operation's progress
 * and log lines. Times are Unix milliseconds from `deps.clock`.
 */
import { sql } from 'drizzle-orm';
import { index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const OPERATION_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export type OperationStatus = (typeof OPERATION_STATUSES)[number];
export const FINISHED_STATUSES = ['completed', 'failed', 'cancelled'] as const satisfies readonly OperationStatus[];

/** Who asked for an operation (shown in the history). */
export const REQUESTERS = ['api', 'reconciler', 'webhook', 'schedule', 'registry', 'system'] as const;
export type Requester = (typeof REQUESTERS)[number];

export const operations = sqliteTable(
  'operations',
  {
    id: text('id').primaryKey(),
    /** Names the executor (install, uninstall, configure, ...). */
    kind: text('kind').notNull(),
    /** Serialisation key: at most one pending and one running operation per key (the plugin id, usually). */
    key: text('key').notNull(),
    /** Canonical JSON (sorted keys), so identical requests compare equal as text. Data, never code. */
    params: text('params').notNull(),
    status: text('status', { enum: OPERATION_STATUSES }).notNull(),
    /** Counted when a runner claims the row, so a crash during an attempt still uses it up. */
    attempts: integer('attempts').notNull().default(0),
    /** 0: no limit while failures are transient (read back as `Infinity`). */
    maxAttempts: integer('max_attempts').notNull(),
    /** Not claimed before this time (retries wait their backoff here). */
    runAt: integer('run_at').notNull(),
    leaseOwner: text('lease_owner'),
    leaseExpiresAt: integer('lease_expires_at'),
    progress: real('progress').notNull().default(0),
    stage: text('stage'),
    message: text('message'),
    /** JSON written by the executor on success. */
    result: text('result'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    requestedBy: text('requested_by', { enum: REQUESTERS }).notNull(),
    /** Set when a cancel arrives for a running row, so a crash before it stops still ends cancelled. */
    cancelRequestedAt: integer('cancel_requested_at'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
  },
  (t) => [
    // The per-key policy is also a database invariant: a bug elsewhere fails loudly instead of running a key twice.
    uniqueIndex('operations_one_pending_per_key')
      .on(t.key)
      .where(sql`status = 'pending'`),
    uniqueIndex('operations_one_running_per_key')
      .on(t.key)
      .where(sql`status = 'running'`),
    index('operations_due').on(t.status, t.runAt),
    index('operations_created').on(t.createdAt),
    index('operations_finished').on(t.finishedAt),
  ],
);

export type OperationRow = typeof operations.$inferSelect;

export const OPERATION_EVENT_TYPES = ['started', 'progress', 'retry', 'finished', 'recovered'] as const;
export type OperationEventType = (typeof OPERATION_EVENT_TYPES)[number];

export const operationEvents = sqliteTable(
  'operation_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    operationId: text('operation_id')
      .notNull()
      .references(() => operations.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    type: text('type', { enum: OPERATION_EVENT_TYPES }).notNull(),
    attempt: integer('attempt').notNull(),
    progress: real('progress'),
    stage: text('stage'),
    message: text('message'),
  },
  (t) => [index('operation_events_by_operation').on(t.operationId, t.id)],
);

export type OperationEventRow = typeof operationEvents.$inferSelect;
