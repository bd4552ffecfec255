/**
 * Desired and observed state as one run reads it: config.json, tombstones, plugin_state, pending
 * repairs and the plugins folder. Read once per run (a handful of queries and one directory
 * listing), so a run over many plugins with nothing to fix stays in the milliseconds. Anything a
 * step acts on after waiting (the registry) is read again then, never taken from here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PluginStateRow, ReconcileRepairRow } from '../../db/schema.ts';
import type { JsonObject } from '../config/types.ts';
import type { Deps } from '../deps.ts';
import { AppError, isAppError } from '../errors/app-error.ts';
import { isPluginId } from '../plugins/id.ts';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifest, type Manifest } from '../plugins/manifest.ts';
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
  folder(id: string): FolderView;
}

type SnapshotDeps = Pick<Deps, 'db' | 'config' | 'settings'>;

function manifestText(dir: string): string {
  try {
    const st = fs.statSync(path.join(dir, MANIFEST_FILE));
    if (!st.isFile()) throw new Error('not a regular file');
    if (st.size > MAX_MANIFEST_BYTES) throw new Error(`larger than ${MAX_MANIFEST_BYTES} bytes`);
    return fs.readFileSync(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    throw new AppError('PLUGIN_MANIFEST_INVALID', {
      message: `manifest.json is missing or unreadable in ${path.basename(dir)}`,
      details: (e as Error).message,
    });
  }
}

function parseFolder(dir: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(manifestText(dir).replace(/^\uFEFF/, ''));
  } catch (e) {
    if (isAppError(e)) throw e;
    throw new AppError('PLUGIN_MANIFEST_INVALID', { message: 'manifest.json is not valid JSON', details: String(e) });
  }
  return parseManifest(raw, { files: new Set(fs.readdirSync(dir)) });
}

/**
 * Reads a plugin folder's manifest, with the checks of readManifest. Synchronous on purpose: a
 * run reads every manifest, and a hundred small reads through the thread pool cost ten times
 * what they cost inline (the run yields to requests between plugins instead). A folder whose
 * manifest names another id counts as invalid.
 */
export function readFolder(pluginsDir: string, id: string): FolderView {
  const dir = path.join(pluginsDir, id);
  if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return { present: false };
  try {
    const manifest = parseFolder(dir);
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

export function loadSnapshot(deps: SnapshotDeps): Snapshot {
  const pluginsDir = deps.settings.pluginsDir;
  const { ids, stray } = listFolders(pluginsDir);
  const reads = new Map<string, FolderView>();
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
        read = ids.has(id) ? readFolder(pluginsDir, id) : { present: false };
        reads.set(id, read);
      }
      return read;
    },
  };
}
