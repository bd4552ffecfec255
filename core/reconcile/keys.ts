/**
 * Which top-level keys of config.json name plugins. Marquee's core sections never do, and neither
 * do the keys LEDMatrix kept beside its plugins (`sync`, `github`, `youtube`, `vegas_*`, ...): a
 * config carried over from LEDMatrix must not make the reconciler look for plugins called `logging`.
 */
import { isPlainObject } from '../config/plan/merge.ts';
import { isCoreSection, type JsonObject } from '../config/types.ts';
import { isPluginId } from '../plugins/package/id.ts';

/** LEDMatrix's top-level keys that are not plugins (its reconciler's system set, plus `youtube`'s secrets). */
export const LEDMATRIX_SYSTEM_KEYS = [
  'web_display_autostart',
  'timezone',
  'location',
  'display',
  'plugin_system',
  'logging',
  'dim_schedule',
  'network',
  'system',
  'schedule',
  'sync',
  'github',
  'youtube',
] as const;

const VEGAS_PREFIX = 'vegas_';
export const LEDMATRIX_PREFIX = 'ledmatrix-';

export function isNonPluginKey(key: string): boolean {
  return (
    isCoreSection(key) || (LEDMATRIX_SYSTEM_KEYS as readonly string[]).includes(key) || key.startsWith(VEGAS_PREFIX)
  );
}

/** Keys of config.json that are plugin sections: objects under a plugin id that is not a system key. */
export function configPluginKeys(main: JsonObject): string[] {
  return Object.keys(main).filter((k) => isPlainObject(main[k]) && isPluginId(k) && !isNonPluginKey(k));
}

/**
 * The plugin a config key stands for. LEDMatrix named some plugins `ledmatrix-<id>` where the
 * registry says `<id>`: such a key means `<id>`, unless a folder under the prefixed name exists.
 */
export function canonicalId(key: string, onDisk: (id: string) => boolean): string {
  if (!key.startsWith(LEDMATRIX_PREFIX) || onDisk(key)) return key;
  const bare = key.slice(LEDMATRIX_PREFIX.length);
  return isPluginId(bare) ? bare : key;
}

/** The config key holding plugin `id`'s section: its own, else the LEDMatrix-prefixed one. */
export function sectionKey(main: JsonObject, id: string): string | null {
  const own = main[id];
  if (isPlainObject(own)) return id;
  const prefixed = LEDMATRIX_PREFIX + id;
  return isPlainObject(main[prefixed]) && !isNonPluginKey(prefixed) ? prefixed : null;
}
