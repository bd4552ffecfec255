/**
 * The device's own records. `process_runs`: each start of the web and display processes and how it
 * ended, so crashes are counted across restarts (safe mode). `safe_mode`: at most one row, whether
 * third-party plugins are paused after a crash loop. `panel_notices`: short texts the display draws
 * over whatever is on the panel (safe mode, a pairing code). `backup_restores`: restores whose files
 * are in place, written in the transaction that commits them (the point a crash cannot undo).
 */
import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const RUN_OUTCOMES = ['clean', 'crash'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const processRuns = sqliteTable(
  'process_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** `web` or `display`. */
    process: text('process').notNull(),
    pid: integer('pid').notNull(),
    startedAt: integer('started_at').notNull(),
    /** Null while the run is live (or until the next start finds it crashed). */
    endedAt: integer('ended_at'),
    outcome: text('outcome', { enum: RUN_OUTCOMES }),
    /** Why it crashed: the uncaught error, the exit its supervisor saw, or that nothing was recorded. */
    reason: text('reason'),
  },
  (t) => [index('process_runs_process').on(t.process, t.id)],
);

export const safeMode = sqliteTable(
  'safe_mode',
  {
    id: integer('id').primaryKey(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    /** The process whose crashes started it. */
    process: text('process'),
    reason: text('reason'),
    enteredAt: integer('entered_at'),
    /** Since when no process has crashed; an hour of it ends safe mode. */
    cleanSince: integer('clean_since'),
    leftAt: integer('left_at'),
    /** `user` or `clean-hour`. */
    leftBy: text('left_by'),
  },
  (t) => [check('safe_mode_single', sql`${t.id} = 1`)],
);

export const panelNotices = sqliteTable('panel_notices', {
  /** Who owns the notice (`safe-mode`, `pairing`): one notice each, replaced in place. */
  key: text('key').primaryKey(),
  text: text('text').notNull(),
  /** `#rrggbb`. */
  color: text('color').notNull(),
  createdAt: integer('created_at').notNull(),
  /** Null: until removed. */
  expiresAt: integer('expires_at'),
});

export const backupRestores = sqliteTable('backup_restores', {
  opId: text('op_id').primaryKey(),
  appliedAt: integer('applied_at').notNull(),
});

export type ProcessRunRow = typeof processRuns.$inferSelect;
export type SafeModeRow = typeof safeMode.$inferSelect;
export type PanelNoticeRow = typeof panelNotices.$inferSelect;
