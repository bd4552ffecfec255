/**
 * Each plugin's schema with what is derived from it (secret tree, compiled validator), kept until
 * its file changes. Requests that act on one plugin check the file's stamp; whole-config views use
 * what is cached (install, update and uninstall call `invalidate`).
 */
import type { Ajv, ValidateFunction } from 'ajv';
import { AppError } from '../../platform/errors/app-error.ts';
import { sameStamp, statStamp, type Stamp } from '../files/disk-file.ts';
import { compileSchema } from './validate-plugin.ts';
import { effectiveSchema, readPluginSchema, schemaFileOf } from './plugin.ts';
import { treeFromSchema, type SecretTree } from '../secrets/tree.ts';
import type { JsonObject } from '../types.ts';

export interface PluginSchemaEntry {
  id: string;
  file: string;
  /** As the plugin wrote it; null when it has none. */
  schema: JsonObject | null;
  /** With the core properties, as validated and as served by GET /plugins/schema. */
  effective: JsonObject;
  tree: SecretTree | undefined;
  readonly validate: ValidateFunction;
}

/** `ajv` is called only when a validator is first compiled (Ajv is loaded on that first use). */
export function createSchemaCache(pluginsDir: string, ajv: () => Ajv) {
  const entries = new Map<string, { stamp: Stamp | null; entry: PluginSchemaEntry; forget: () => void }>();
  let version = 0;

  function load(id: string, file: string, stamp: Stamp | null): PluginSchemaEntry {
    let schema: JsonObject | null;
    try {
      schema = readPluginSchema(file);
    } catch (e) {
      throw new AppError('CONFIG_LOAD_FAILED', {
        message: `Plugin ${id} has an unreadable settings schema`,
        details: (e as Error).message,
        context: { plugin_id: id, file },
      });
    }
    const effective = effectiveSchema(schema);
    const old = entries.get(id);
    old?.forget();
    let compiled: ValidateFunction | undefined;
    // Compiled on first use: whole-config views need only the secret tree.
    const entry: PluginSchemaEntry = {
      id,
      file,
      schema,
      effective,
      tree: treeFromSchema(schema),
      get validate() {
        return (compiled ??= compileSchema(ajv(), effective));
      },
    };
    // Ajv keeps every compiled schema; a replaced one is dropped from it.
    const forget = () => compiled && ajv().removeSchema(effective);
    entries.set(id, { stamp, entry, forget });
    version++;
    return entry;
  }

  return {
    /** `fresh`: re-check the file on disk first (one stat). */
    get(id: string, opts: { fresh?: boolean } = {}): PluginSchemaEntry {
      const cached = entries.get(id);
      if (cached && !opts.fresh) return cached.entry;
      const file = schemaFileOf(pluginsDir, id);
      const stamp = statStamp(file);
      if (cached && cached.entry.file === file && sameStamp(cached.stamp, stamp)) return cached.entry;
      return load(id, file, stamp);
    },
    invalidate(id?: string) {
      for (const key of id ? [id] : [...entries.keys()]) {
        const old = entries.get(key);
        old?.forget();
        entries.delete(key);
      }
      version++;
    },
    /** Changes whenever a schema is (re)loaded or dropped, so cached views know to rebuild. */
    version: () => version,
  };
}

export type SchemaCache = ReturnType<typeof createSchemaCache>;
