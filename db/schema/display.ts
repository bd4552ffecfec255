/**
 * Display runtime tables. Desired state the web writes and the display reads: `display_on_demand`
 * (at most one row: the requested on-demand session) and `display_commands` (one-shot requests
 * such as a health reset). Observed state the display writes in batches: `plugin_health`.
 * The plugins' persisted key-value caches: `plugin_cache`.
 */
import { sql } from 'drizzle-orm';
import { check, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const pluginHealth = sqliteTable('plugin_health', {
  pluginId: text('plugin_id').primaryKey(),
  circuitState: text('circuit_state', { enum: ['closed', 'open', 'half_open'] })
    .notNull()
    .default('closed'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  totalFailures: integer('total_failures').notNull().default(0),
  openedAt: integer('opened_at'),
  lastError: text('last_error'),
  lastErrorAt: integer('last_error_at'),
  lastSuccessAt: integer('last_success_at'),
  /** `{update: {count, avg_ms, p95_ms, max_ms}, render: {...}, cpu: {...}}` */
  metrics: text('metrics', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
  updatedAt: integer('updated_at').notNull(),
  /** Set when the plugin crashed its host 3 times in 10 minutes: off until a person resets it. */
  quarantinedAt: integer('quarantined_at'),
  /** When it crashed its host lately (ms, JSON array), for the quarantine window. */
  crashes: text('crashes', { mode: 'json' }).$type<number[]>().notNull().default([]),
  /** Its host restarts, and the last time a host of it was killed or died, with why. */
  restarts: integer('restarts').notNull().default(0),
  lastKillReason: text('last_kill_reason'),
  lastKillAt: integer('last_kill_at'),
});

export const pluginCache = sqliteTable(
  'plugin_cache',
  {
    pluginId: text('plugin_id').notNull(),
    key: text('key').notNull(),
    /** JSON text of the value. */
    value: text('value').notNull(),
    expiresAt: integer('expires_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.pluginId, t.key] })],
);

export const displayOnDemand = sqliteTable(
  'display_on_demand',
  {
    id: integer('id').primaryKey(),
    requestId: text('request_id').notNull(),
    pluginId: text('plugin_id').notNull(),
    mode: text('mode'),
    /** Null: until stopped. */
    durationS: integer('duration_s'),
    pinned: integer('pinned', { mode: 'boolean' }).notNull().default(false),
    requestedAt: integer('requested_at').notNull(),
    expiresAt: integer('expires_at'),
  },
  (t) => [check('display_on_demand_single', sql`${t.id} = 1`)],
);

export const displayCommands = sqliteTable('display_commands', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['health_reset'] }).notNull(),
  pluginId: text('plugin_id'),
  createdAt: integer('created_at').notNull(),
  handledAt: integer('handled_at'),
});

export type PluginHealthRow = typeof pluginHealth.$inferSelect;
export type PluginCacheRow = typeof pluginCache.$inferSelect;
export type DisplayOnDemandRow = typeof displayOnDemand.$inferSelect;
export type DisplayCommandRow = typeof displayCommands.$inferSelect;
