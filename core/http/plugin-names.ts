/**
 * Where a request names a plugin, LEDMatrix's `ledmatrix-<id>` means the installed `<id>`
 * (core/plugins/state/alias.ts). Resolved once here, at the edge, for every route: a `plugin_id`
 * field of the query or body, and the path parameter a route declares with `pluginParam`.
 */
import type { Context } from 'hono';
import { installedPluginId } from '../plugins/state/alias.ts';
import type { AppEnv } from './types.ts';

/** `value` with its `key` field resolved when it is a string naming a plugin by LEDMatrix's name. */
export function withInstalledId<T>(c: Context<AppEnv>, value: T, key = 'plugin_id'): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const named = (value as Record<string, unknown>)[key];
  if (typeof named !== 'string') return value;
  const id = installedPluginId(c.var.services, named);
  return id === named ? value : { ...value, [key]: id };
}
