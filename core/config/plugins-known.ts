/**
 * Whether a plugin id names a plugin, for "unknown plugin → 404". Today: its folder with a
 * manifest exists in the plugins directory, or config.json has its section. This is the one place
 * to switch to the plugin_state table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPlainObject } from './plan/merge.ts';
import { isCoreSection, type JsonObject } from './types.ts';

/** The id format plugins use (`^[a-z0-9][a-z0-9._-]{0,63}$`); anything else never reaches the disk. */
export const PLUGIN_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function isKnownPlugin(pluginsDir: string, main: JsonObject, id: string): boolean {
  if (!PLUGIN_ID.test(id) || isCoreSection(id)) return false;
  if (isPlainObject(main[id])) return true;
  return fs.existsSync(path.join(pluginsDir, id, 'manifest.json'));
}

/** Top-level keys of config.json that are plugin sections (objects that are not core sections). */
export function pluginSections(main: JsonObject): string[] {
  return Object.keys(main).filter((k) => !isCoreSection(k) && isPlainObject(main[k]));
}
