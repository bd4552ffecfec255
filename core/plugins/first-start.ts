/**
 * Marquee is useful the minute it starts: on a first start the clock and the web UI address are
 * switched on, and every other first-party plugin gets a section saying it is off (installed, ready
 * to enable). A first-party plugin is a folder of the plugins directory with the built-in marker
 * and no install record.
 *
 * Only what the user never had a say in is written: a plugin that already has a config section
 * keeps it (an `enabled: false` stays off), and one the user uninstalled (tombstoned) is left out.
 * "First start" means no first-party plugin has a section or a tombstone yet; after that a newly
 * shipped first-party plugin arrives switched off, and nothing is ever switched back on.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ConfigService } from '../config/service.ts';
import type { Platform } from '../platform/index.ts';
import { isPlainObject } from '../config/plan/merge.ts';
import { exists } from './staging/files.ts';
import { isPluginId } from './package/id.ts';
import { firstPartyIds } from './package/install-meta.ts';
import { listTombstones } from './state/tombstones.ts';

export const ENABLED_ON_FIRST_START = ['clock', 'web-ui-info'] as const;

interface SeedDeps extends Pick<Platform, 'settings' | 'db' | 'log'> {
  config: Pick<ConfigService, 'problems' | 'state' | 'apply'>;
}

export interface SeedOutcome {
  firstStart: boolean;
  /** Plugin id → the `enabled` value written. */
  seeded: Record<string, boolean>;
  /** Why nothing was written, when config could not be trusted. */
  skipped?: string;
}

/** First-party plugin folders in the plugins directory (no install record), sorted. */
export async function firstPartyPlugins(pluginsDir: string): Promise<string[]> {
  if (!(await exists(pluginsDir))) return [];
  return firstPartyIds(pluginsDir).filter(isPluginId);
}

/** Writes the sections of first-party plugins config.json lacks, in one save. Called before discovery. */
export async function seedFirstStart(deps: SeedDeps): Promise<SeedOutcome> {
  const broken = deps.config.problems().find((p) => p.kind === 'parse' || p.kind === 'not-object');
  if (broken) {
    // Saving now would move the user's file aside; leave it for them to fix.
    deps.log.warn('first-party plugins not added to config: a config file needs fixing first', { file: broken.file });
    return { firstStart: false, seeded: {}, skipped: broken.message };
  }
  const ids = await firstPartyPlugins(deps.settings.pluginsDir);
  const main = deps.config.state().main;
  const tombstoned = new Set(listTombstones(deps).map((t) => t.pluginId));
  const untouched = ids.filter((id) => !isPlainObject(main[id]) && !tombstoned.has(id));
  const firstStart = ids.length > 0 && untouched.length === ids.length;
  const on = new Set<string>(firstStart ? ENABLED_ON_FIRST_START : []);
  const seeded = Object.fromEntries(untouched.map((id) => [id, on.has(id)]));
  if (!untouched.length) return { firstStart, seeded };
  const patch = Object.fromEntries(untouched.map((id) => [id, { enabled: on.has(id) }]));
  await deps.config.apply({ op: 'main', patch });
  deps.log.info('first-party plugins added to config', { first_start: firstStart, plugins: seeded });
  return { firstStart, seeded };
}
