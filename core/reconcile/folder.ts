/**
 * A plugin folder as a run sees it: its manifest read and checked as readManifest does, or the
 * reason it cannot be. Synchronous on purpose: a run reads every manifest, and a hundred small
 * reads through the thread pool cost several times what they cost inline (the run yields to
 * requests between plugins instead). Across runs, a manifest whose file is unchanged (same inode,
 * size and change times) is not read again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import { namesPlugin } from '../plugins/package/id.ts';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES, parseManifest, type Manifest } from '../plugins/package/manifest.ts';

export type FolderView =
  { present: false } | { present: true; manifest: Manifest } | { present: true; error: AppError };

/** Folder views by plugin id, each with the stamp of the manifest it was read from. */
export type FolderCache = Map<string, { stamp: string; view: FolderView }>;

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
  try {
    return parseManifest(raw);
  } catch (e) {
    // The folder's file names only matter for saying why a manifest is refused (a Python plugin).
    if (isAppError(e) && e.code === 'PLUGIN_MANIFEST_INVALID')
      return parseManifest(raw, { files: new Set(fs.readdirSync(dir)) });
    throw e;
  }
}

/** A folder whose manifest names another id counts as invalid. */
function readFresh(dir: string, id: string): FolderView {
  try {
    const manifest = parseFolder(dir);
    if (namesPlugin(manifest.id, id)) return { present: true, manifest: { ...manifest, id } };
    return {
      present: true,
      error: new AppError('PLUGIN_ID_MISMATCH', {
        message: `The manifest id is ${JSON.stringify(manifest.id)}, not the folder name ${JSON.stringify(id)}`,
        context: { plugin_id: id, manifest_id: manifest.id },
      }),
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    // Only now is the folder itself looked at: it may have gone since the listing.
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) return { present: false };
    return { present: true, error: e };
  }
}

function stampOf(file: string): string | null {
  const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? `${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}` : null;
}

export function readFolder(pluginsDir: string, id: string, cache?: FolderCache): FolderView {
  const dir = path.join(pluginsDir, id);
  const stamp = cache ? stampOf(path.join(dir, MANIFEST_FILE)) : null;
  const hit = stamp ? cache!.get(id) : undefined;
  if (hit && hit.stamp === stamp) return hit.view;
  const view = readFresh(dir, id);
  if (stamp && view.present) cache!.set(id, { stamp, view });
  return view;
}
