/**
 * Parameters of the lifecycle operations (`install`, `update`, `uninstall`, `toggle`): validated by
 * the routes before enqueueing and again by the executors, since a row may come from anywhere (the
 * reconciler, an older version, a hand edit of the database).
 */
import * as v from 'valibot';
import { isCoreSection } from '../../config/types.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { toProblems } from '../../platform/validation.ts';
import { safeRelativeSegments } from '../archive/names.ts';
import { pluginIdSchema } from '../package/id.ts';

/** A plugin id that can also be a config section: not one of Marquee's own sections. */
export const installableIdSchema = v.pipe(
  pluginIdSchema,
  v.check((id) => !isCoreSection(id), 'a plugin id that is not the name of a core config section'),
);

export const versionSchema = v.pipe(
  v.string('a version such as 1.2.0'),
  v.regex(/^[0-9A-Za-z][0-9A-Za-z.+_-]{0,63}$/, 'a version such as 1.2.0'),
);
const refText = 'a branch name (no spaces, no "..")';
export const branchSchema = v.pipe(
  v.string(refText),
  v.regex(/^[^\s~^:?*[\\]{1,200}$/, refText),
  v.check((b) => !b.includes('..') && !b.startsWith('/') && !b.endsWith('/'), refText),
);
const pathText = 'a relative folder path inside the repository';
export const pluginPathSchema = v.pipe(
  v.string(pathText),
  v.maxLength(500, pathText),
  v.check((p) => safeRelativeSegments(p) !== null, pathText),
);

export const installParams = v.object({
  plugin_id: v.optional(installableIdSchema),
  version: v.optional(versionSchema),
  branch: v.optional(branchSchema),
  /** Install from a URL (install-from-url) instead of the registry. */
  repo_url: v.optional(v.pipe(v.string(), v.url(), v.maxLength(2048))),
  plugin_path: v.optional(pluginPathSchema),
  /** Switch the plugin on once installed: store to panel in one operation. */
  enable: v.optional(v.boolean('true or false')),
});
export const updateParams = v.object({ plugin_id: pluginIdSchema });
export const uninstallParams = v.object({ plugin_id: pluginIdSchema, preserve_config: v.optional(v.boolean(), false) });
export const toggleParams = v.object({ plugin_id: pluginIdSchema, enabled: v.boolean() });

export type InstallParams = v.InferOutput<typeof installParams>;
export type UpdateParams = v.InferOutput<typeof updateParams>;
export type UninstallParams = v.InferOutput<typeof uninstallParams>;
export type ToggleParams = v.InferOutput<typeof toggleParams>;

/** Parses an operation's params; a row that does not fit fails terminally with the problems. */
export function parseParams<S extends v.GenericSchema>(schema: S, params: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, params);
  if (result.success) return result.output;
  throw new AppError('VALIDATION_ERROR', {
    message: 'Invalid operation parameters',
    context: { problems: toProblems(result.issues).map((p) => ({ in: 'params', ...p })) },
  });
}
