/**
 * A plugin's settings schema (`<pluginsDir>/<id>/config_schema.json`, or the file its manifest
 * names in `config_schema`), with Marquee's core properties added, and the defaults it declares.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isPlainObject } from '../plan/merge.ts';
import type { JsonObject } from '../types.ts';

/** Settings every plugin has, whatever its schema says; never required. */
export const CORE_PLUGIN_PROPERTIES: Record<string, JsonObject> = {
  enabled: { type: 'boolean', title: 'Enabled' },
  display_duration: { type: 'number', minimum: 1, maximum: 300, title: 'Display duration (seconds)' },
  live_priority: { type: 'boolean', title: 'Live priority' },
  // LEDMatrix skins: kept acceptable so carried-over settings still validate.
  skin: { type: ['string', 'object', 'null'] },
  skin_options: { type: 'object' },
};
const CORE_DEFAULTS = { enabled: true, display_duration: 15, live_priority: false };

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Where a plugin's schema file is: the manifest's `config_schema` when it stays inside the folder. */
export function schemaFileOf(pluginsDir: string, id: string): string {
  const folder = path.join(pluginsDir, id);
  try {
    const manifest = readJson(path.join(folder, 'manifest.json'));
    const named = isPlainObject(manifest) && typeof manifest.config_schema === 'string' ? manifest.config_schema : null;
    if (named) {
      const file = path.resolve(folder, named);
      if (file.startsWith(folder + path.sep)) return file;
    }
  } catch {
    /* no manifest or not JSON: the conventional name */
  }
  return path.join(folder, 'config_schema.json');
}

/** The schema as the plugin wrote it, or null when it has none. Throws when the file is not valid JSON. */
export function readPluginSchema(file: string): JsonObject | null {
  if (!fs.existsSync(file)) return null;
  const schema = readJson(file);
  if (!isPlainObject(schema)) throw new TypeError(`${file} is not a JSON Schema object`);
  return schema;
}

/**
 * The schema used for validation: draft-07 whatever it declares (`$schema`/`$id` dropped so one
 * validator instance can hold every plugin's), core properties allowed and checked, never required.
 * A plugin's own definition of a core property applies together with the core one.
 */
export function effectiveSchema(schema: JsonObject | null): JsonObject {
  const { $schema: _s, $id: _i, ...rest } = schema ?? { type: 'object' };
  const properties: JsonObject = { ...(isPlainObject(rest.properties) ? rest.properties : {}) };
  for (const [key, core] of Object.entries(CORE_PLUGIN_PROPERTIES)) {
    properties[key] = properties[key] ? { allOf: [properties[key], core] } : core;
  }
  const required = Array.isArray(rest.required)
    ? rest.required.filter((k) => !(typeof k === 'string' && k in CORE_PLUGIN_PROPERTIES))
    : undefined;
  return { ...rest, type: 'object', properties, ...(required ? { required } : {}) };
}

/**
 * Defaults declared by a schema: `default` per property, objects recursed, plus the core defaults.
 * Schema defaults named location_city/state/country take the device's location when it has one.
 */
export function schemaDefaults(schema: JsonObject | null, location?: unknown): JsonObject {
  const loc = isPlainObject(location) ? location : {};
  const walk = (node: unknown): unknown => {
    if (!isPlainObject(node)) return undefined;
    if ('default' in node) return structuredClone(node.default);
    if (!isPlainObject(node.properties)) return undefined;
    const out: JsonObject = {};
    for (const [key, sub] of Object.entries(node.properties)) {
      const value = walk(sub);
      const device = /^location_(city|state|country)$/.exec(key);
      const fromDevice = device && typeof loc[device[1]!] === 'string' && loc[device[1]!] ? loc[device[1]!] : undefined;
      if (fromDevice !== undefined) out[key] = fromDevice;
      else if (value !== undefined) out[key] = value;
    }
    return Object.keys(out).length ? out : undefined;
  };
  return { ...CORE_DEFAULTS, ...((walk(schema) as JsonObject | undefined) ?? {}) };
}

/** Stored settings over defaults: missing keys (or null ones) take the default; lists are the user's. */
export function withDefaults(defaults: unknown, value: unknown): unknown {
  if (value === undefined || value === null) return defaults;
  if (isPlainObject(defaults) && isPlainObject(value)) {
    const out: JsonObject = { ...defaults };
    for (const [key, v] of Object.entries(value)) out[key] = withDefaults(defaults[key], v);
    return out;
  }
  return value;
}
