/**
 * Plugin store tables: the persistent HTTP cache (registry documents and GitHub facts), the
 * user's saved repositories and the registry webhook's delivery ids.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per cached document, keyed by what it is (`source:<id>`, `gh:repo:<owner>/<repo>`, ...)
 * rather than by URL, so a GitHub repository source keeps its row while its resolved URL changes.
 * `body` is the last good document and is never cleared by a failure: failures only move
 * `failures` and the error columns. When a document is tried again is the retry of its refresh
 * operation (or, for GitHub facts, a formula of `failures` and `attempted_at`).
 */
export const storeCache = sqliteTable('store_cache', {
  key: text('key').primaryKey(),
  /** The URL the body came from (after resolution of a repository source). */
  url: text('url'),
  body: text('body'),
  etag: text('etag'),
  lastModified: text('last_modified'),
  /** Last time the body was confirmed by the upstream (200 or 304). */
  fetchedAt: integer('fetched_at'),
  expiresAt: integer('expires_at'),
  attemptedAt: integer('attempted_at'),
  failures: integer('failures').notNull().default(0),
  lastErrorCode: text('last_error_code'),
  lastError: text('last_error'),
  lastErrorAt: integer('last_error_at'),
});

export type StoreCacheRow = typeof storeCache.$inferSelect;

/** Registry sources the user added (LEDMatrix's saved repositories). */
export const savedRepositories = sqliteTable('saved_repositories', {
  /** Normalised: the duplicate check compares this column. */
  url: text('url').primaryKey(),
  name: text('name').notNull(),
  type: text('type', { enum: ['registry', 'single'] }).notNull(),
  addedAt: integer('added_at').notNull(),
});

export type SavedRepositoryRow = typeof savedRepositories.$inferSelect;

/** Registry webhook deliveries already accepted, so a replayed delivery id does nothing twice. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    deliveryId: text('delivery_id').primaryKey(),
    event: text('event').notNull(),
    receivedAt: integer('received_at').notNull(),
    operationId: text('operation_id'),
  },
  (t) => [index('webhook_deliveries_received_at').on(t.receivedAt)],
);

export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
