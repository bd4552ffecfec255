import type { Problem } from '../platform/validation.ts';

export type JsonObject = Record<string, unknown>;

/** The two files, in LEDMatrix's layout: a plugin's settings under its id, secret values in the second. */
export const CONFIG_FILES = { main: 'config.json', secrets: 'config_secrets.json' } as const;
export type ConfigFileKind = keyof typeof CONFIG_FILES;

/** Top-level keys that belong to Marquee itself, never to a plugin. */
export const CORE_SECTIONS = [
  'display',
  'schedule',
  'dim_schedule',
  'timezone',
  'location',
  'plugin_system',
  'web',
  'web_display_autostart',
  'sync',
  'target_fps',
  'fonts',
  'github',
] as const;
export const isCoreSection = (key: string) => (CORE_SECTIONS as readonly string[]).includes(key);

/** Something wrong with a config file as found on disk. */
export interface ConfigProblem {
  file: string;
  /** `unreadable`: the file is there but cannot be read (permissions, a folder in its place, an I/O error). */
  kind: 'parse' | 'not-object' | 'missing' | 'unreadable' | 'invalid-values';
  message: string;
  line?: number;
  column?: number;
  detected_at: string;
  /** What is served instead, when that is not simply the content before the problem (at start: a backup). */
  serving?: string;
  /** For `invalid-values`: each field, what was expected, what is there. */
  problems?: Problem[];
}

/** The last good content of both files, as parsed objects and as the exact text on disk. */
export interface ConfigState {
  main: JsonObject;
  secrets: JsonObject;
  mainText: string;
  secretsText: string;
  /** Grows by one whenever either file's content changes (a save or a hand edit). */
  generation: number;
}
