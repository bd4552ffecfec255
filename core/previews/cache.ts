/**
 * Previews kept in the data folder, one per plugin version and panel size:
 * `<dataDir>/previews/<id>/v-<version>/<WxH>.png` (the first frame), `<WxH>.frames.png` (an
 * animation as a strip of frames, top to bottom) and `<WxH>.json`, written last, which says the
 * preview is ready or why it failed. Every file is written to a temporary name and renamed, so a
 * crash leaves either the old record or the new one. A new version lives in a folder of its own;
 * older versions' folders are removed when a new one is written.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sizeName, type Size } from './size.ts';

export type PreviewRecord =
  | {
      state: 'ready';
      etag: string;
      mode: string;
      /** Frames in the strip (1: a still picture, and no strip file). */
      frames: number;
      frame_ms: number;
      strip_etag: string | null;
      rendered_at: number;
      /** Mean CPU time of one render in the host, ms. */
      render_ms: number;
    }
  | { state: 'failed'; reason: string; rendered_at: number };

export interface PreviewKey {
  id: string;
  version: string;
  size: Size;
}

export const previewsRoot = (dataDir: string) => path.join(dataDir, 'previews');

/**
 * A version as a folder name: the registry's text is anyone's, so it is prefixed (never `.` or
 * `..`), escaped (never a `/`) and, when long, replaced by its hash (file names have a length limit).
 */
export function versionFolder(version: string): string {
  const name = `v-${encodeURIComponent(version)}`;
  return name.length <= 100 ? name : `h-${createHash('sha256').update(version).digest('hex')}`;
}

const versionDir = (root: string, k: PreviewKey) => path.join(root, k.id, versionFolder(k.version));

export function previewFiles(root: string, k: PreviewKey) {
  const base = path.join(versionDir(root, k), sizeName(k.size));
  return { record: `${base}.json`, still: `${base}.png`, strip: `${base}.frames.png` };
}

export const etagOf = (bytes: Uint8Array) => `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"`;

export function readRecord(root: string, k: PreviewKey): PreviewRecord | null {
  try {
    return JSON.parse(fs.readFileSync(previewFiles(root, k).record, 'utf8')) as PreviewRecord;
  } catch {
    return null;
  }
}

function writeAtomic(file: string, bytes: Uint8Array | string) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
}

/** Drops the folders of the plugin's other versions (a preview of a version no store lists again). */
function dropOtherVersions(root: string, k: PreviewKey) {
  const keep = versionFolder(k.version);
  const dir = path.join(root, k.id);
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : [])
    if (name !== keep) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
}

/** Drops the previews of plugins no store lists any more. */
export function dropUnlisted(root: string, listed: ReadonlySet<string>) {
  for (const name of fs.existsSync(root) ? fs.readdirSync(root) : [])
    if (!listed.has(name)) fs.rmSync(path.join(root, name), { recursive: true, force: true });
}

export function writeReady(
  root: string,
  k: PreviewKey,
  p: {
    still: Uint8Array;
    strip: Uint8Array | null;
    mode: string;
    frames: number;
    frameMs: number;
    renderMs: number;
    at: number;
  },
): PreviewRecord {
  const files = previewFiles(root, k);
  fs.mkdirSync(path.dirname(files.record), { recursive: true });
  dropOtherVersions(root, k);
  writeAtomic(files.still, p.still);
  if (p.strip) writeAtomic(files.strip, p.strip);
  else fs.rmSync(files.strip, { force: true });
  const record: PreviewRecord = {
    state: 'ready',
    etag: etagOf(p.still),
    mode: p.mode,
    frames: p.frames,
    frame_ms: p.frameMs,
    strip_etag: p.strip ? etagOf(p.strip) : null,
    rendered_at: p.at,
    render_ms: p.renderMs,
  };
  writeAtomic(files.record, JSON.stringify(record));
  return record;
}

export function writeFailed(root: string, k: PreviewKey, reason: string, at: number): PreviewRecord {
  const files = previewFiles(root, k);
  fs.mkdirSync(path.dirname(files.record), { recursive: true });
  dropOtherVersions(root, k);
  const record: PreviewRecord = { state: 'failed', reason, rendered_at: at };
  writeAtomic(files.record, JSON.stringify(record));
  return record;
}
