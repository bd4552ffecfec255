/**
 * Marquee's SQLite schema. Migrations are generated from this file by drizzle-kit
 * (`npm run db:generate`) into db/migrations/ and committed.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Liveness of each process: written at a low rate, read by health. */
export const heartbeats = sqliteTable('heartbeats', {
  process: text('process').primaryKey(),
  pid: integer('pid').notNull(),
  startedAt: integer('started_at').notNull(),
  beatAt: integer('beat_at').notNull(),
  /** Small JSON object the process wants health to show (e.g. its backend). */
  info: text('info', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
});

export type HeartbeatRow = typeof heartbeats.$inferSelect;

// Operation queue and history (issue 3).
export * from './schema/queue.ts';
// ── Plugin store ──────────────────────────────────────────────────────────────────────────────
export * from './schema/store.ts';
export * from './schema/plugins.ts';
export * from './schema/display.ts';
// ── Device: process runs, safe mode, panel notices, restores ─────────────────────────────────
export * from './schema/device.ts';
// ── Authentication ────────────────────────────────────────────────────────────────────────────
export * from './schema/auth.ts';
// ── Settings history ──────────────────────────────────────────────────────────────────────────
export * from './schema/config.ts';
