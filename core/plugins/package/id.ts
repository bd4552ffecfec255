import path from 'node:path';
import * as v from 'valibot';
import { AppError } from '../../platform/errors/app-error.ts';

/**
 * A plugin id is also its folder name under the plugins directory, so the pattern is what keeps
 * every plugin path inside that directory: no separators, no leading dot, nothing like `..`.
 */
export const PLUGIN_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

const EXPECTED = 'a plugin id: 1-64 of a-z 0-9 . _ - starting with a letter or digit';

/** For route schemas: the same rule, so a bad id is a 400 VALIDATION_ERROR naming the field. */
export const pluginIdSchema = v.pipe(v.string(EXPECTED), v.regex(PLUGIN_ID_PATTERN, EXPECTED));

export const isPluginId = (id: unknown): id is string => typeof id === 'string' && PLUGIN_ID_PATTERN.test(id);

/** Throws 400 VALIDATION_ERROR before anything touches the disk. */
export function assertPluginId(id: unknown, field = 'plugin_id'): asserts id is string {
  if (isPluginId(id)) return;
  const received = JSON.stringify(id) ?? String(id);
  throw new AppError('VALIDATION_ERROR', {
    message: `Invalid ${field}: expected ${EXPECTED}, received ${received}`,
    context: { problems: [{ in: 'body', field, expected: EXPECTED, received, message: `Invalid ${field}` }] },
  });
}

/** The folder of plugin `id`; the id is checked, and the result is asserted to be a direct child. */
export function pluginFolder(pluginsDir: string, id: string): string {
  assertPluginId(id);
  const dir = path.join(pluginsDir, id);
  if (path.dirname(dir) !== path.resolve(pluginsDir)) throw new TypeError(`plugin folder escapes: ${id}`);
  return dir;
}

/** LEDMatrix's prefix: its registry says `weather` where the folder and manifest say `ledmatrix-weather`. */
export const LEDMATRIX_PREFIX = 'ledmatrix-';

/** Whether a manifest id names plugin `id`: the same, or LEDMatrix's `ledmatrix-<id>`. */
export const namesPlugin = (manifestId: string, id: string) =>
  manifestId === id || manifestId === LEDMATRIX_PREFIX + id;

/** Marquee's id for a plugin whose manifest alone names it: LEDMatrix's prefix taken off. */
export function canonicalPluginId(manifestId: string): string {
  const bare = manifestId.startsWith(LEDMATRIX_PREFIX) ? manifestId.slice(LEDMATRIX_PREFIX.length) : manifestId;
  return isPluginId(bare) ? bare : manifestId;
}
