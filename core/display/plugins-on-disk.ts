import fs from 'node:fs';
import path from 'node:path';
import { pluginClassOf } from '../hosts/python/plugin-class.ts';

export const PLUGIN_ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The manifest fields the display runtime reads (LEDMatrix names). */
export interface Manifest {
  id: string;
  name?: string;
  version?: string;
  entry_point?: string;
  display_modes?: unknown;
  update_interval?: unknown;
  default_duration?: unknown;
  fps?: unknown;
  [key: string]: unknown;
}

export interface PluginOnDisk {
  id: string;
  dir: string;
  manifest: Manifest;
  /** Absolute path of the ES module or LEDMatrix module, or null when the plugin cannot run here (see `problem`). */
  entry: string | null;
  problem: string | null;
  modes: string[];
  /** Changes when the folder or its manifest is replaced (an update swaps the folder). */
  stamp: string;
}

export const fileStamp = (file: string): string => {
  const st = fs.statSync(file, { throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : 'missing';
};

/** Display modes from the manifest (strings, or LEDMatrix objects with a name/id), else the plugin id. */
export function manifestModes(manifest: Manifest): string[] {
  const raw = Array.isArray(manifest.display_modes) ? manifest.display_modes : [];
  const modes = raw
    .map((m) =>
      typeof m === 'string'
        ? m
        : m && typeof m === 'object'
          ? ((m as { name?: unknown; id?: unknown }).name ?? (m as { id?: unknown }).id)
          : null,
    )
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
  return modes.length ? [...new Set(modes)] : [manifest.id];
}

/**
 * Whether the manifest's id is plugin `id`'s: the same, or LEDMatrix's `ledmatrix-<id>` (its registry
 * says `weather` where the folder's manifest says `ledmatrix-weather`; the installer's rule too).
 */
const namesThis = (manifestId: unknown, id: string) => manifestId === id || manifestId === `ledmatrix-${id}`;

/**
 * A LEDMatrix plugin without an entry point: its manifest names the class to build, or it ships
 * manager.py (LEDMatrix's default entry, as the installer recognises it).
 */
const isLedMatrix = (dir: string, manifest: Manifest) =>
  typeof manifest.class_name === 'string' || fs.existsSync(path.join(dir, 'manager.py'));

interface Entry {
  entry: string | null;
  problem: string | null;
  /** The class the Python host builds, when the manifest names none (found in the entry module). */
  className?: string;
}

function entryOf(dir: string, manifest: Manifest): Entry {
  const named = typeof manifest.entry_point === 'string' ? manifest.entry_point : '';
  const rel = named || (isLedMatrix(dir, manifest) ? 'manager.py' : '');
  if (!rel) return { entry: null, problem: 'manifest has no entry_point' };
  const entry = path.resolve(dir, rel);
  if (!entry.startsWith(dir + path.sep))
    return { entry: null, problem: 'entry_point points outside the plugin folder' };
  if (!/\.(m?js|py)$/i.test(rel))
    return { entry: null, problem: 'entry_point must be an ES module (.js or .mjs) or a LEDMatrix manager.py' };
  if (!fs.existsSync(entry)) return { entry: null, problem: `entry_point ${rel} does not exist` };
  if (!/\.py$/i.test(rel) || typeof manifest.class_name === 'string') return { entry, problem: null };
  try {
    return { entry, problem: null, className: pluginClassOf(entry, rel) };
  } catch (e) {
    return { entry: null, problem: (e as Error).message };
  }
}

/**
 * Reads the folder `plugin_state` names for plugin `id`. A folder that cannot run here (manifest
 * unreadable or for another id, entry point missing, neither an ES module nor a LEDMatrix module)
 * is returned with its
 * `problem` and no `entry`, so health can say why.
 */
export function readPluginDir(id: string, dir: string): PluginOnDisk {
  const file = path.join(dir, 'manifest.json');
  const stamp = fileStamp(file);
  const broken = (problem: string): PluginOnDisk => ({
    id,
    dir,
    manifest: { id },
    entry: null,
    problem,
    modes: [id],
    stamp,
  });
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  } catch (e) {
    return broken(`manifest.json unreadable: ${(e as Error).message}`);
  }
  if (!manifest || typeof manifest !== 'object') return broken('manifest.json is not a JSON object');
  if (!namesThis(manifest.id, id)) return broken(`manifest id ${JSON.stringify(manifest.id)} is not ${id}`);
  const { className, ...found } = entryOf(dir, manifest);
  // The class found goes to the host in the manifest, as LEDMatrix's installer writes it there.
  const withClass = className ? { ...manifest, class_name: className } : manifest;
  return { id, dir, manifest: withClass, ...found, modes: manifestModes(manifest), stamp };
}
