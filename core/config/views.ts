/**
 * What the read endpoints return. Every view is built from the stored content with secrets
 * masked: values from the secrets file, fields a schema marks x-secret, Marquee's own secrets, and
 * (where no schema speaks) anything named like a credential.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CORE_SECRETS } from './secrets/core.ts';
import { maskSecrets } from './secrets/mask.ts';
import { sectionOf } from './plan/context.ts';
import { pluginSecretTree } from './plan/plugin.ts';
import { CORE_PLUGIN_PROPERTIES, schemaDefaults, withDefaults } from './schema/plugin.ts';
import { pluginSections } from './plugins-known.ts';
import type { PluginSchemaEntry, SchemaCache } from './schema/cache.ts';
import { treeFromValue, unionTrees, type SecretTree } from './secrets/tree.ts';
import { overlaySecrets } from './secrets/split.ts';
import type { ConfigState, JsonObject } from './types.ts';
import { SCHEDULE_DEFAULTS } from './schema/schedule.ts';

/** The whole config (both files together) with every secret masked. */
export function mainView(state: ConfigState, schemas: SchemaCache, pluginsDir: string): JsonObject {
  let tree = unionTrees(CORE_SECRETS, treeFromValue(state.secrets)) as Record<string, SecretTree>;
  for (const id of pluginSections(state.main)) {
    if (!fs.existsSync(path.join(pluginsDir, id, 'manifest.json'))) continue;
    try {
      tree = unionTrees(tree, { [id]: schemas.get(id).tree ?? {} }) as Record<string, SecretTree>;
    } catch {
      // An unreadable schema: the name-based masking below still applies.
    }
  }
  return maskSecrets(overlaySecrets(state.main, state.secrets), { tree }) as JsonObject;
}

/** config_secrets.json with every value masked, shape kept. */
export const secretsView = (state: ConfigState) => maskSecrets(state.secrets, { tree: true }) as JsonObject;

/** One plugin's settings over its defaults; set secrets masked (declared or named like one), unset declared ones "". */
export function pluginView(state: ConfigState, entry: PluginSchemaEntry, id: string): JsonObject {
  const stored = state.secrets[id];
  const effective = overlaySecrets(sectionOf(state.main[id]), stored);
  const full = withDefaults(schemaDefaults(entry.schema, state.main.location), effective);
  return maskSecrets(full, { tree: pluginSecretTree(entry, stored, full), fillUnset: true }) as JsonObject;
}

/** The schema as the UI renders it: the plugin's own, with the core properties it lacks. */
export function schemaView(entry: PluginSchemaEntry): JsonObject {
  const schema = entry.schema ?? { type: 'object' };
  const own = sectionOf(schema.properties);
  const core = Object.fromEntries(
    Object.entries(CORE_PLUGIN_PROPERTIES).filter(([k]) => !(k in own) && k !== 'skin' && k !== 'skin_options'),
  );
  const defaults = schemaDefaults(null);
  for (const key of Object.keys(core)) core[key] = { ...core[key], default: defaults[key] };
  return { ...schema, properties: { ...core, ...own } };
}

export function scheduleView(state: ConfigState, section: 'schedule' | 'dim_schedule'): JsonObject {
  const stored = state.main[section];
  return sectionOf(stored && typeof stored === 'object' ? stored : { ...SCHEDULE_DEFAULTS[section] });
}
