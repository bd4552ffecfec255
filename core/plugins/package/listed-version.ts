/**
 * A LEDMatrix manifest may name no `version` (LEDMatrix's installer does not require one). Such a
 * plugin takes the version the store's entry names for what was installed: it is written into the
 * staged manifest.json before the folder is checked, so every later reader (the state row,
 * discovery, the reconciler, the update check) finds the same version on disk. Without one from
 * the store the manifest stays as it is and reads as UNKNOWN_VERSION. A Marquee manifest is never
 * touched: its version is required.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, MAX_MANIFEST_BYTES } from './manifest.ts';
import { pythonEvidence } from './ledmatrix.ts';

async function rawManifest(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile() || st.size > MAX_MANIFEST_BYTES) return undefined;
    const raw: unknown = JSON.parse((await fs.readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, unknown>)
      : undefined;
  } catch {
    // Unreadable or not JSON: the folder check that follows says so.
    return undefined;
  }
}

/** Writes `listed` as the version of the LEDMatrix manifest in `dir` when it names none; says whether it did. */
export async function recordListedVersion(dir: string, listed: string | null | undefined): Promise<boolean> {
  if (!listed?.trim()) return false;
  const file = path.join(dir, MANIFEST_FILE);
  const raw = await rawManifest(file);
  if (!raw || raw.version !== undefined) return false;
  if (!pythonEvidence(raw, new Set(await fs.readdir(dir)))) return false;
  await fs.writeFile(file, JSON.stringify({ ...raw, version: listed.trim() }, null, 2) + '\n');
  return true;
}
