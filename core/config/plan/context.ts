import { AppError } from '../../platform/errors/app-error.ts';
import type { Problem } from '../../platform/validation.ts';
import { isPlainObject } from './merge.ts';
import { schemaDefaults, withDefaults } from '../schema/plugin.ts';
import { isKnownPlugin } from '../plugins-known.ts';
import { toPluginProblems } from '../schema/validate-plugin.ts';
import type { PluginSchemaEntry, SchemaCache } from '../schema/cache.ts';
import type { SecretTree } from '../secrets/tree.ts';
import type { ConfigState, JsonObject } from '../types.ts';

/** What a planner reads: the current files (fresh from disk), plugin schemas, the plugins folder. */
export interface PlanContext {
  state: ConfigState;
  schemas: SchemaCache;
  pluginsDir: string;
}

/** A planned save: the next content of both files (unchanged objects kept by reference). */
export interface Plan {
  main: JsonObject;
  secrets: JsonObject;
  /** Exact texts to write instead of serialising (a rollback restores the backup's bytes). */
  texts?: { main: string; secrets: string };
  reason: string;
  message: string;
  secretFieldsSaved?: number;
}

export const sectionOf = (value: unknown): JsonObject => (isPlainObject(value) ? value : {});

export function requireKnownPlugin(ctx: PlanContext, id: string): void {
  if (!isKnownPlugin(ctx.pluginsDir, ctx.state.main, id))
    throw new AppError('PLUGIN_NOT_FOUND', { message: `Plugin ${id} not found`, context: { plugin_id: id } });
}

/** Problems of a plugin section against its schema, defaults merged first. */
export function pluginProblems(
  ctx: PlanContext,
  entry: PluginSchemaEntry,
  value: JsonObject,
  tree: SecretTree | undefined,
  prefix = '',
): Problem[] {
  const data = withDefaults(schemaDefaults(entry.schema, ctx.state.main.location), value);
  return entry.validate(data) ? [] : toPluginProblems(entry.validate.errors ?? [], data, tree, prefix);
}
