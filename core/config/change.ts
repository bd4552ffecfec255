/**
 * A save described as data: what the API asked for, never code. This is the `params` of a
 * `configure` operation; `keyOf` is its serialisation key (the plugin id, or `config:main` for
 * everything else), so saves of one section never run at once while different plugins may.
 */
import * as v from 'valibot';
import { isPlainObject } from './plan/merge.ts';
import { PLUGIN_ID } from './plugins-known.ts';
import { isCoreSection } from './types.ts';

export const pluginIdSchema = v.pipe(
  v.string('a plugin id'),
  v.regex(PLUGIN_ID, 'a plugin id (lowercase letters, digits, ".", "_", "-"; at most 64 characters)'),
  v.check((id) => !isCoreSection(id), 'a plugin id, not the name of a core section'),
);
export const objectSchema = v.custom<Record<string, unknown>>(isPlainObject, 'a JSON object');

export const BACKUP_ID = /^\d{8}T\d{9}Z-\d{4}$/;

export const configChangeSchema = v.variant('op', [
  v.object({ op: v.literal('main'), patch: objectSchema }),
  v.object({ op: v.literal('section'), section: v.picklist(['schedule', 'dim_schedule']), value: objectSchema }),
  v.object({ op: v.literal('plugin'), plugin_id: pluginIdSchema, config: objectSchema }),
  v.object({ op: v.literal('plugin-reset'), plugin_id: pluginIdSchema, preserve_secrets: v.boolean() }),
  v.object({ op: v.literal('plugin-remove'), plugin_id: pluginIdSchema }),
  v.object({
    op: v.literal('plugin-restore'),
    plugin_id: pluginIdSchema,
    // Sections exactly as they were snapshotted, whatever they hold.
    main: v.optional(v.unknown()),
    secrets: v.optional(v.unknown()),
  }),
  v.object({ op: v.literal('raw'), file: v.picklist(['main', 'secrets']), content: objectSchema }),
  v.object({ op: v.literal('rollback'), backup: v.optional(v.pipe(v.string(), v.regex(BACKUP_ID, 'a backup id'))) }),
]);

export type ConfigChange = v.InferOutput<typeof configChangeSchema>;

export const MAIN_KEY = 'config:main';
export const keyOf = (change: ConfigChange): string => ('plugin_id' in change ? change.plugin_id : MAIN_KEY);

const pluginKeys = (...objects: unknown[]): string[] => [
  ...new Set(
    objects
      .flatMap((o) => (isPlainObject(o) ? Object.keys(o) : []))
      .filter((k) => PLUGIN_ID.test(k) && !isCoreSection(k)),
  ),
];

/**
 * Plugin sections a `config:main` save may write besides its key: the plugins named in a patch, and
 * for whole-file edits and rollbacks every plugin section in the files now or in the content. A
 * lifecycle operation running on one of them refuses the save (409) rather than let it be undone.
 */
export function pluginSectionsOf(change: ConfigChange, current: { main: unknown; secrets: unknown }): string[] {
  switch (change.op) {
    case 'main':
      return pluginKeys(change.patch);
    case 'raw':
      return pluginKeys(change.content, change.file === 'main' ? current.main : current.secrets);
    case 'rollback':
      return pluginKeys(current.main, current.secrets);
    default:
      return [];
  }
}

/** What a save did; JSON, and never holds a setting's value (operation history keeps it). */
export interface SaveResult {
  op: ConfigChange['op'];
  key: string;
  message: string;
  backup: string | null;
  changed_files: string[];
  changed_sections: string[];
  kept_aside: string[];
  secret_fields_saved?: number;
  restored_backup?: string;
}

/** Keys of one object, and levels, a history entry shows; a save can name tens of thousands. */
const SHAPE_KEYS = 50;
const SHAPE_DEPTH = 6;
const KEY_CHARS = 100;

function shape(value: unknown, depth = 0): unknown {
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value === null) return null;
  if (typeof value !== 'object') return typeof value;
  const keys = Object.keys(value);
  if (depth >= SHAPE_DEPTH) return `object(${keys.length})`;
  const out: Record<string, unknown> = {};
  for (const k of keys.slice(0, SHAPE_KEYS))
    out[k.length > KEY_CHARS ? `${k.slice(0, KEY_CHARS - 1)}…` : k] = shape(
      (value as Record<string, unknown>)[k],
      depth + 1,
    );
  if (keys.length > SHAPE_KEYS) out['…'] = `${keys.length - SHAPE_KEYS} more keys`;
  return out;
}

/**
 * The change as it may be kept in a history: every value replaced by its type, so no setting (and
 * no secret) is persisted twice, and bounded (SHAPE_KEYS keys an object, SHAPE_DEPTH levels). The
 * queue stores this, not the change itself.
 */
export function describeChange(change: ConfigChange): Record<string, unknown> {
  const { op } = change;
  const rest = Object.fromEntries(
    Object.entries(change).map(([k, x]) => [
      k,
      ['patch', 'value', 'config', 'content', 'main', 'secrets'].includes(k) ? shape(x) : x,
    ]),
  );
  return { ...rest, op };
}
