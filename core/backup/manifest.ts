/**
 * `manifest.json`, the first entry of a backup: what made it, when, whether it holds secrets, and
 * the installed plugins (id, version, where they came from), so a restore can reinstall the ones
 * missing. The other entries: `config/config.json`, `config/config_secrets.json` (with secrets
 * only), `data/plugin-cache.json`, `data/saved-repositories.json`, `uploads/...`, and each
 * plugin's uploaded images, `data/plugins/<id>/assets/...` (plugin-assets.ts).
 */
import * as v from 'valibot';

export const BACKUP_FORMAT = 'marquee-backup';
export const BACKUP_VERSION = 1;

export const ENTRY = {
  manifest: 'manifest.json',
  config: 'config/config.json',
  secrets: 'config/config_secrets.json',
  pluginCache: 'data/plugin-cache.json',
  savedRepositories: 'data/saved-repositories.json',
  uploads: 'uploads',
} as const;

const text = (max: number) => v.pipe(v.string(), v.maxLength(max));

export const pluginEntrySchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'a plugin id')),
  version: v.nullable(text(64)),
  source: v.picklist(['registry', 'url', 'builtin', 'local']),
  repo: v.nullable(text(2048)),
  branch: v.nullable(text(200)),
  plugin_path: v.nullable(text(500)),
  enabled: v.boolean(),
});

export const manifestSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  version: v.literal(BACKUP_VERSION),
  created_at: v.pipe(v.string(), v.isoTimestamp()),
  marquee_version: text(64),
  includes_secrets: v.boolean(),
  plugins: v.pipe(v.array(pluginEntrySchema), v.maxLength(2_000)),
});

export type BackupManifest = v.InferOutput<typeof manifestSchema>;
export type BackupPlugin = v.InferOutput<typeof pluginEntrySchema>;

export const pluginCacheSchema = v.pipe(
  v.array(
    v.object({
      plugin_id: text(64),
      key: text(1_000),
      value: v.string(),
      expires_at: v.nullable(v.number()),
      updated_at: v.number(),
    }),
  ),
  v.maxLength(1_000_000),
);

export const savedRepositoriesSchema = v.pipe(
  v.array(
    v.object({
      url: text(2048),
      name: text(200),
      type: v.picklist(['registry', 'single']),
      added_at: v.number(),
    }),
  ),
  v.maxLength(1_000),
);

export type PluginCacheRows = v.InferOutput<typeof pluginCacheSchema>;
export type SavedRepositoryRows = v.InferOutput<typeof savedRepositoriesSchema>;
