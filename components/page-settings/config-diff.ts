import { humanize } from '../lib/format.ts';

/** One setting a restore would change: where, in words, and its value now and after. */
export interface Change {
  path: string;
  label: string;
  now: string;
  after: string;
}

/** Marquee's own sections in words; a plugin's section is its name's settings. */
const SECTIONS: Readonly<Record<string, string>> = Object.freeze({
  display: 'Panel',
  schedule: 'On and off times',
  dim_schedule: 'Dimming',
  timezone: 'Time zone',
  location: 'Location',
  github: 'Store access',
  web: 'Web',
  plugin_system: 'Plugin system',
  web_display_autostart: 'Start the display with the web server',
});

/** A top-level key of config.json in words: one of Marquee's sections, or a plugin's settings. */
export function sectionLabel(section: string, name: (id: string) => string | undefined): string {
  return SECTIONS[section] ?? (name(section) ? `${name(section)} settings` : humanize(section));
}

const MASK = /^\u2022+$/;
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** A value as the diff shows it: a masked secret says so; nothing set is a dash. */
export function shown(v: unknown): string {
  if (v === undefined || v === null || v === '') return '—';
  if (typeof v === 'string') return MASK.test(v) ? '(a secret, set)' : v;
  if (typeof v === 'boolean') return v ? 'on' : 'off';
  return JSON.stringify(v);
}

function leaves(v: unknown, path: string[], out: Map<string, unknown>): void {
  if (isObject(v) && Object.keys(v).length) {
    for (const [k, child] of Object.entries(v)) leaves(child, [...path, k], out);
  } else out.set(path.join('\u0000'), v);
}

/**
 * What restoring `backup` over `current` changes, setting by setting (objects compared key by key,
 * lists as a whole), in config order. `name` gives a plugin's name for its section. Both sides
 * come masked from the server; two masked secrets read as equal (whether the secret itself
 * changed is not known here, and is never shown).
 */
export function configDiff(
  current: Record<string, unknown>,
  backup: Record<string, unknown>,
  name: (id: string) => string | undefined,
): Change[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  leaves(current, [], a);
  leaves(backup, [], b);
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys
    .filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)))
    .map((k) => {
      const [section = '', ...rest] = k.split('\u0000');
      const head = sectionLabel(section, name);
      const label = [head, ...rest.map((r) => (/^\d+$/.test(r) ? `#${Number(r) + 1}` : humanize(r)))].join(' › ');
      return { path: k.split('\u0000').join('.'), label, now: shown(a.get(k)), after: shown(b.get(k)) };
    });
}
