/**
 * A plugin's data folder, `<dataDir>/plugins/<id>/`, as an uninstall removes it: what belongs to the
 * plugin beyond its code (uploaded images, its cache, the files it wrote into its own folder).
 * Moved aside first, in one rename within the data folder, so the uninstall can put it back until
 * it commits; deleted after.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Platform } from '../platform/index.ts';
import { pluginFolder } from './package/id.ts';
import { exists } from './staging/files.ts';

type Deps = Pick<Platform, 'settings'>;

const dataRoot = (deps: Deps) => path.join(deps.settings.dataDir, 'plugins');
export const pluginDataFolder = (deps: Deps, id: string) => pluginFolder(dataRoot(deps), id);
/** Beside the data folders, under a name no plugin id can have (a leading dot). */
const asideOf = (deps: Deps, opId: string) => path.join(dataRoot(deps), `.uninstalled-${opId}`);

export async function moveDataAside(deps: Deps, id: string, opId: string): Promise<void> {
  const dir = pluginDataFolder(deps, id);
  if ((await exists(dir)) && !(await exists(asideOf(deps, opId)))) await fs.rename(dir, asideOf(deps, opId));
}

/** Undoes moveDataAside, unless a new data folder was made meanwhile. */
export async function putDataBack(deps: Deps, id: string, opId: string): Promise<void> {
  const dir = pluginDataFolder(deps, id);
  if ((await exists(asideOf(deps, opId))) && !(await exists(dir))) await fs.rename(asideOf(deps, opId), dir);
}

/**
 * The plugin's data gone for good: the folder set aside, and one still in place (a crash before
 * the move). What cannot be deleted (a file a host made unreadable to Marquee) is reported, not
 * thrown: the uninstall is done, and the name left behind is no plugin's.
 */
export async function removeData(deps: Deps, id: string, opId: string): Promise<string[]> {
  const problems: string[] = [];
  for (const dir of [asideOf(deps, opId), pluginDataFolder(deps, id)])
    await fs
      .rm(dir, { recursive: true, force: true, maxRetries: 3 })
      .catch((e: Error) => problems.push(`${dir}: ${e.message}`));
  return problems;
}
