/**
 * The history of the settings files: one row per change saved through Marquee (and per last good
 * content kept when a hand edit broke a file), holding the pair of files as it was before.
 * `config.json` and `config_secrets.json` stay the truth; these rows are what rollback restores.
 */
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A file content, stored once however many history rows name it (a toggle back and forth, unchanged secrets). */
export const configTexts = sqliteTable('config_texts', {
  /** sha256 of `text`, hex. */
  sha: text('sha').primaryKey(),
  text: text('text').notNull(),
});

export const configHistory = sqliteTable('config_history', {
  /** `20260101T120000123Z-0000`: creation time and a counter, so ids sort in creation order. */
  id: text('id').primaryKey(),
  createdAt: integer('created_at').notNull(),
  /** What the change that followed did, e.g. `plugin clock`. */
  reason: text('reason'),
  /** Top-level sections the change that followed wrote (JSON array). */
  changedSections: text('changed_sections', { mode: 'json' }).$type<string[]>(),
  mainSha: text('main_sha').notNull(),
  secretsSha: text('secrets_sha').notNull(),
  mainBytes: integer('main_bytes').notNull(),
  secretsBytes: integer('secrets_bytes').notNull(),
});

export type ConfigHistoryRow = typeof configHistory.$inferSelect;
