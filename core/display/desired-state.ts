import type Database from 'better-sqlite3';
import path from 'node:path';
import { CONFIG_FILE, deepMerge, readJsonObject, SECRETS_FILE, section, type Json } from './config-files.ts';
import { readRunnablePlugins, type InstalledPlugin } from './installed.ts';
import { fileStamp, readPluginDir, type PluginOnDisk } from './plugins-on-disk.ts';
import { dataVersion, readOnDemand, readTombstones, type OnDemandRequest } from './requests.ts';
import type { DimScheduleConfig, ScheduleConfig } from './schedule.ts';
import type { HostFacts } from '../hosts/messages.ts';

/** One plugin as the display should run it. */
export interface DesiredPlugin extends PluginOnDisk {
  /** `plugin_state.status` is `enabled`: in the rotation. Any runnable plugin may be shown on demand. */
  enabled: boolean;
  /** The plugin's config section with its secrets merged in. */
  config: Json;
  host: HostFacts;
  /** Marquee's own plugin: it may share a host with the other first-party plugins. */
  firstParty: boolean;
}

export interface DesiredState {
  plugins: Map<string, DesiredPlugin>;
  /** `display.plugin_rotation_order`: listed plugins first, the others after in id order. */
  order: string[];
  schedule: ScheduleConfig | undefined;
  dimSchedule: DimScheduleConfig | undefined;
  timezone: string | undefined;
  /** `display.hardware` (LEDMatrix keys), for the backend and the normal brightness. */
  hardware: Json;
  /** `display.runtime` (LEDMatrix: gpio_slowdown). */
  runtime: Json;
  onDemand: OnDemandRequest | null;
  /** Problems reading config files, shown in health rather than failing the loop. */
  errors: string[];
}

/**
 * The display's one view of what the user wants. Which plugins exist, where their files are and
 * which are enabled come from SQLite (`plugin_state`, kept by lifecycle and discovery), as do the
 * on-demand request and commands; settings, order, schedules and hardware from config/config.json
 * (+ secrets), the single source of those (DESIGN.md §3). `poll()` is cheap — `PRAGMA
 * data_version`, a stat of the two config files and of each runnable plugin's manifest — and
 * rereads only the part that changed.
 */
export function createDesiredState(opts: {
  configDir: string;
  sqlite: Database.Database;
  /** Where the web UI listens, for plugins that show it (default: LEDMatrix's port on loopback). */
  web?: HostFacts['web'];
}) {
  const files = [path.join(opts.configDir, CONFIG_FILE), path.join(opts.configDir, SECRETS_FILE)];
  let configStamp = '';
  let dbVersion = -1;
  let config: { value: Json; errors: string[] } = { value: {}, errors: [] };
  let rows: InstalledPlugin[] = [];
  let rowsKey = '';
  let disk = new Map<string, PluginOnDisk>();
  let onDemand: OnDemandRequest | null = null;
  let tombstones = new Set<string>();

  function readConfig() {
    const [base, secrets] = files.map(readJsonObject) as [
      ReturnType<typeof readJsonObject>,
      ReturnType<typeof readJsonObject>,
    ];
    config = {
      value: deepMerge(base.value, secrets.value),
      errors: [base.error, secrets.error].filter((e): e is string => !!e),
    };
  }

  /** Re-reads the database side when another connection committed; true when something differs. */
  function pollDb(): boolean {
    const dv = dataVersion(opts.sqlite);
    if (dv === dbVersion) return false;
    dbVersion = dv;
    let changed = false;
    const nextRows = readRunnablePlugins(opts.sqlite);
    const key = JSON.stringify(nextRows);
    if (key !== rowsKey) [rows, rowsKey, changed] = [nextRows, key, true];
    const next = readOnDemand(opts.sqlite);
    if (JSON.stringify(next) !== JSON.stringify(onDemand)) [onDemand, changed] = [next, true];
    const tombs = readTombstones(opts.sqlite);
    if ([...tombs].join() !== [...tombstones].join()) [tombstones, changed] = [tombs, true];
    return changed;
  }

  /** Manifests of the runnable plugins: read again only when the row's folder or the file changed. */
  function pollDisk(): boolean {
    let changed = disk.size !== rows.length;
    const next = new Map<string, PluginOnDisk>();
    for (const row of rows) {
      const known = disk.get(row.id);
      const same = known && known.dir === row.path && known.stamp === fileStamp(path.join(row.path, 'manifest.json'));
      next.set(row.id, same ? known : readPluginDir(row.id, row.path));
      if (!same) changed = true;
    }
    disk = next;
    return changed;
  }

  function build(): DesiredState {
    const c = config.value;
    const display = section(c, 'display');
    const plugins = new Map<string, DesiredPlugin>();
    // Only with a plugin to give them to: resolving the time zone maps ICU's zone data (about 6 MB),
    // which an idle display without plugins does not need.
    let host: HostFacts | undefined;
    for (const row of rows) {
      // A tombstone wins over any row: a plugin removed on purpose never runs, even if its folder came back.
      if (tombstones.has(row.id)) continue;
      const p = disk.get(row.id)!;
      plugins.set(row.id, {
        ...p,
        config: section(c, row.id),
        enabled: row.status === 'enabled',
        host: (host ??= hostFacts(c, opts.web)),
        firstParty: row.source === 'builtin',
      });
    }
    const listed = Array.isArray(display.plugin_rotation_order)
      ? display.plugin_rotation_order.filter((x): x is string => typeof x === 'string')
      : [];
    const order = [...new Set([...listed.filter((id) => plugins.has(id)), ...plugins.keys()])];
    return {
      plugins,
      order,
      schedule: c.schedule as ScheduleConfig | undefined,
      dimSchedule: c.dim_schedule as DimScheduleConfig | undefined,
      timezone: typeof c.timezone === 'string' ? c.timezone : undefined,
      hardware: section(display, 'hardware'),
      runtime: section(display, 'runtime'),
      onDemand,
      errors: config.errors,
    };
  }

  return {
    /** Rereads what changed since the last call; returns the new state, or null when nothing changed. */
    poll(): DesiredState | null {
      let changed = false;
      const cs = files.map(fileStamp).join('|');
      if (cs !== configStamp) {
        configStamp = cs;
        readConfig();
        changed = true;
      }
      if (pollDb()) changed = true;
      if (pollDisk()) changed = true;
      return changed ? build() : null;
    },
    /** Whether the database changed since the last poll (commands may be waiting). */
    dbVersion: () => dbVersion,
  };
}

export type DesiredStateReader = ReturnType<typeof createDesiredState>;

const validZone = (zone: unknown): zone is string => {
  if (typeof zone !== 'string' || !zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The device facts every plugin receives: the web UI address, time zone and location. */
export function hostFacts(config: Json, web: HostFacts['web'] = { host: '127.0.0.1', port: 5000 }): HostFacts {
  const zone = validZone(config.timezone) ? config.timezone : Intl.DateTimeFormat().resolvedOptions().timeZone;
  return { web, timezone: zone || 'UTC', location: section(config, 'location') };
}

/** Seconds from a setting that may be a number or a numeric string; null when absent or not positive. */
export function positiveSeconds(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/** Dwell per mode: plugin `display_duration`, else manifest `default_duration`, else 15 s. */
export const displayDurationMs = (p: DesiredPlugin): number =>
  (positiveSeconds(p.config.display_duration) ?? positiveSeconds(p.manifest.default_duration) ?? 15) * 1000;

/** `update()` period: plugin `update_interval`, else manifest `update_interval`, else 60 s. */
export const updateIntervalMs = (p: DesiredPlugin): number =>
  (positiveSeconds(p.config.update_interval) ?? positiveSeconds(p.manifest.update_interval) ?? 60) * 1000;
