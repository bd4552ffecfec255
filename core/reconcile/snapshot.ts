/**
 * Desired and observed state as one run reads it: config.json, tombstones, plugin_state and the
 * plugins folder. Read once per run (a handful of queries and one directory
 * listing), so a run over many plugins with nothing to fix stays in the milliseconds. Anything a
 * step acts on after waiting (the registry) is read again then, never taken from here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PluginStateRow } from '../../db/schema.ts';
import type { JsonObject } from '../config/types.ts';
import { isPluginId } from '../plugins/package/id.ts';
import { listPluginStates } from '../plugins/state/rows.ts';
import { listTombstones } from '../plugins/state/tombstones.ts';
import { readFolder, type FolderCache, type FolderView } from './folder.ts';
import type { ReconcileEnv } from './env.ts';

export interface Snapshot {
  main: JsonObject;
  tombstones: ReadonlySet<string>;
  rows: ReadonlyMap<string, PluginStateRow>;
  /** Folder names in the plugins directory that can be plugin ids. */
  folders: ReadonlySet<string>;
  /** Folder names that cannot be plugin ids (never plugins, only reported). */
  strayFolders: readonly string[];
  /** The folder of plugin `id` as found on disk; read once per snapshot. */
  folder(id: string): FolderView;
}

type SnapshotEnv = Pick<ReconcileEnv, 'db' | 'config' | 'settings'>;

function listFolders(pluginsDir: string): { ids: Set<string>; stray: string[] } {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(pluginsDir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { ids: new Set(), stray: [] };
    throw e;
  }
  const ids = new Set<string>();
  const stray: string[] = [];
  for (const d of entries) {
    if (d.name.startsWith('.')) continue;
    const isDir =
      d.isDirectory() ||
      (d.isSymbolicLink() && fs.statSync(path.join(pluginsDir, d.name), { throwIfNoEntry: false })?.isDirectory());
    if (!isDir) continue;
    if (isPluginId(d.name)) ids.add(d.name);
    else stray.push(d.name);
  }
  return { ids, stray: stray.sort() };
}

/** `cache` (kept by the reconciler between runs) saves re-reading manifests that did not change. */
export function loadSnapshot(env: SnapshotEnv, cache?: FolderCache): Snapshot {
  const pluginsDir = env.settings.pluginsDir;
  const { ids, stray } = listFolders(pluginsDir);
  for (const id of cache?.keys() ?? []) if (!ids.has(id)) cache!.delete(id);
  const reads = new Map<string, FolderView>();
  return {
    main: env.config.state().main,
    tombstones: new Set(listTombstones(env).map((t) => t.pluginId)),
    rows: new Map(listPluginStates(env).map((r) => [r.id, r])),
    folders: ids,
    strayFolders: stray,
    folder(id) {
      let read = reads.get(id);
      if (!read) {
        read = ids.has(id) ? readFolder(pluginsDir, id, cache) : { present: false };
        reads.set(id, read);
      }
      return read;
    },
  };
}
