/** The persistent record of plugins the user uninstalled (DESIGN.md §3: written by uninstall only). */
import { eq } from 'drizzle-orm';
import type { Platform } from '../../platform/index.ts';
import { uninstalled, type PluginSource, type TombstoneRow } from '../../../db/schema.ts';

type TombDeps = Pick<Platform, 'db' | 'clock'>;

export interface TombstoneInput {
  pluginId: string;
  version?: string | null;
  source?: PluginSource | null;
  preservedConfig?: boolean;
}

/** Records (or refreshes) a tombstone. Idempotent, so crash recovery may repeat it. */
export function addTombstone(deps: TombDeps, t: TombstoneInput): void {
  const row = {
    pluginId: t.pluginId,
    version: t.version ?? null,
    source: t.source ?? null,
    preservedConfig: t.preservedConfig ?? false,
    uninstalledAt: deps.clock.now(),
  };
  deps.db.orm.insert(uninstalled).values(row).onConflictDoUpdate({ target: uninstalled.pluginId, set: row }).run();
}

/** Removes the tombstone (any reinstall does this). Returns whether there was one. */
export function removeTombstone(deps: Pick<Platform, 'db'>, pluginId: string): boolean {
  return deps.db.orm.delete(uninstalled).where(eq(uninstalled.pluginId, pluginId)).run().changes > 0;
}

export function getTombstone(deps: Pick<Platform, 'db'>, pluginId: string): TombstoneRow | undefined {
  return deps.db.orm.select().from(uninstalled).where(eq(uninstalled.pluginId, pluginId)).get();
}

export const isTombstoned = (deps: Pick<Platform, 'db'>, pluginId: string) =>
  getTombstone(deps, pluginId) !== undefined;

export function listTombstones(deps: Pick<Platform, 'db'>): TombstoneRow[] {
  return deps.db.orm.select().from(uninstalled).orderBy(uninstalled.pluginId).all();
}
