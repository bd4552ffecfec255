/**
 * Desired and observed state as one run reads it: config.json, tombstones, plugin_state, pending
 * repairs and the plugins folder. Read once per run (a handful of queries and one directory
 * listing), so a run over many plugins with nothing to fix stays in the milliseconds. Anything a
 * step acts on after waiting (the registry) is read again then, never taken from here.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { PluginStateRow, ReconcileRepairRow } from '../../db/schema.ts';
import type { JsonObject } from '../config/types.ts';
import type { Deps } from '../deps.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import { isPluginId } from '../plugins/id.ts';
import { readManifest, type Manifest } from '../plugins/manifest.ts';
import { listPluginStates } from '../plugins/state.ts';
import { listTombstones } from '../plugins/tombstones.ts';
import { listRepairs } from './repairs.ts';

export type FolderView =
  { present: false } | { present: true; manifest: Manifest } | { present: true; error: AppError };

export interface Snapshot {
  main: JsonObject;
  tombstones: ReadonlySet<string>;
  rows: ReadonlyMap<string, PluginStateRow>;
  repairs: ReadonlyMap<string, ReconcileRepairRow>;
  /** Folder names in the plugins directory that can be plugin ids. */
  folders: ReadonlySet<string>;
  /** Folder names that cannot be plugin ids (never plugins, only reported). */
  strayFolders: readonly string[];
  /** The folder of plugin `id` as found on disk; read once per snapshot. */
  folder(id: string): Promise<FolderView>;
}

type SnapshotDeps = Pick<Deps, 'db' | 'config' | 'settings'>;

/** Reads a plugin folder's manifest; a folder whose manifest names another id counts as invalid. */
export async function readFolder(pluginsDir: string, id: string): Promise<FolderView> {
  const dir = path.join(pluginsDir, id);
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st?.isDirectory()) return { present: false };
  try {
    const manifest = await readManifest(dir);
    if (manifest.id === id) return { present: true, manifest };
    return {
      present: true,
      error: new AppError('PLUGIN_ID_MISMATCH', {
        message: `The manifest id is ${JSON.stringify(manifest.id)}, not the folder name ${JSON.stringify(id)}`,
        context: { plugin_id: id, manifest_id: manifest.id },
      }),
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { present: true, error: e };
  }
}

async function listFolders(pluginsDir: string): Promise<{ ids: Set<string>; stray: string[] }> {
  const entries = await fs.readdir(pluginsDir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  const ids = new Set<string>();
  const stray: string[] = [];
  for (const d of entries) {
    if (d.name.startsWith('.')) continue;
    const isDir =
      d.isDirectory() ||
      (d.isSymbolicLink() && (await fs.stat(path.join(pluginsDir, d.name)).catch(() => null))?.isDirectory());
    if (!isDir) continue;
    if (isPluginId(d.name)) ids.add(d.name);
    else stray.push(d.name);
  }
  return { ids, stray: stray.sort() };
}

export async function loadSnapshot(deps: SnapshotDeps): Promise<Snapshot> {
  const pluginsDir = deps.settings.pluginsDir;
  const { ids, stray } = await listFolders(pluginsDir);
  const reads = new Map<string, Promise<FolderView>>();
  return {
    main: deps.config.state().main,
    tombstones: new Set(listTombstones(deps).map((t) => t.pluginId)),
    rows: new Map(listPluginStates(deps).map((r) => [r.id, r])),
    repairs: listRepairs(deps),
    folders: ids,
    strayFolders: stray,
    folder(id) {
      let read = reads.get(id);
      if (!read) {
        read = ids.has(id) ? readFolder(pluginsDir, id) : Promise.resolve({ present: false as const });
        reads.set(id, read);
      }
      return read;
    },
  };
}
