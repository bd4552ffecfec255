/** Plugin lifecycle tables: what is installed and observed, and what the user removed on purpose. */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const PLUGIN_STATUSES = [
  'installed',
  'enabled',
  'disabled',
  'error',
  'missing',
  'incompatible',
  'uninstalled',
] as const;
export type PluginStatus = (typeof PLUGIN_STATUSES)[number];

/** Where a plugin's files came from: the registry, a repository URL, Marquee itself, or put there by hand. */
export const PLUGIN_SOURCES = ['registry', 'url', 'builtin', 'local'] as const;
export type PluginSource = (typeof PLUGIN_SOURCES)[number];

/**
 * One row per plugin Marquee knows of. Written by lifecycle operations and by discovery at start;
 * read by the API without touching the disk. `enabled` mirrors config (config wins on conflict).
 */
export const pluginState = sqliteTable(
  'plugin_state',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    version: text('version'),
    source: text('source', { enum: PLUGIN_SOURCES }).notNull(),
    /** Repository URL, branch and monorepo subfolder the files were installed from (registry and url sources). */
    repo: text('repo'),
    branch: text('branch'),
    pluginPath: text('plugin_path'),
    /** The plugin's folder (absolute). */
    path: text('path').notNull(),
    /** Whether the folder was on disk at the last scan or operation. */
    present: integer('present', { mode: 'boolean' }).notNull(),
    status: text('status', { enum: PLUGIN_STATUSES }).notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull().default(false),
    lastError: text('last_error'),
    lastErrorAt: integer('last_error_at'),
    /** Manifest facts the plugin list shows, kept here so listing never reads files. */
    author: text('author'),
    category: text('category'),
    description: text('description'),
    tags: text('tags', { mode: 'json' }).$type<string[]>().notNull().default([]),
    localOnly: integer('local_only', { mode: 'boolean' }).notNull().default(false),
    installedAt: integer('installed_at'),
    /** When the files last changed (install or update). */
    filesUpdatedAt: integer('files_updated_at'),
    /** When this row last changed. */
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('plugin_state_status').on(t.status)],
);

export type PluginStateRow = typeof pluginState.$inferSelect;
export type PluginStateInsert = typeof pluginState.$inferInsert;

/**
 * Tombstones: plugins the user uninstalled. A tombstoned plugin is never loaded or repaired, even
 * if its folder reappears; any reinstall removes the tombstone.
 */
export const uninstalled = sqliteTable('uninstalled', {
  pluginId: text('plugin_id').primaryKey(),
  version: text('version'),
  source: text('source', { enum: PLUGIN_SOURCES }),
  /** The user asked to keep the plugin's settings. */
  preservedConfig: integer('preserved_config', { mode: 'boolean' }).notNull().default(false),
  uninstalledAt: integer('uninstalled_at').notNull(),
});

export type TombstoneRow = typeof uninstalled.$inferSelect;
