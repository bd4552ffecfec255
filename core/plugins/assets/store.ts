/**
 * A plugin's uploaded images: `<dataDir>/plugins/<id>/assets/image_<time>_<md5:8>.<type>`,
 * each described by its own `.meta/<uuid>.json` (LEDMatrix's fields: id, filename, path, size,
 * uploaded_at). One file per image and no shared index, so uploads at the same time never
 * overwrite each other's records; each file is written beside its place and renamed in, so a
 * crash leaves an image whole or absent. Names are Marquee's: what a client calls a file is kept
 * only as `original_filename`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Platform } from '../../platform/index.ts';
import { pluginFolder } from '../package/id.ts';
import { getPluginState } from '../state/rows.ts';
import { firstBytes, imageType } from './image-type.ts';

export const ASSET_LIMITS = {
  /** Files in one upload (LEDMatrix's limit). */
  filesPerUpload: 10,
  fileBytes: 5 * 1024 * 1024,
  uploadBytes: 50 * 1024 * 1024,
  /** Images a plugin may keep, so uploads cannot fill the card. */
  filesPerPlugin: 200,
} as const;

export interface AssetRecord {
  id: string;
  filename: string;
  original_filename: string;
  path: string;
  size: number;
  type: string;
  uploaded_at: string;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

type Deps = Pick<Platform, 'settings' | 'clock' | 'db'>;

const META = '.meta';
const ASSET_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `<dataDir>/plugins/<id>`: what belongs to the plugin beyond its code (the id is checked). */
export const pluginDataDir = (settings: Platform['settings'], id: string) =>
  pluginFolder(path.join(settings.dataDir, 'plugins'), id);

export const assetsDir = (settings: Platform['settings'], id: string) =>
  path.join(pluginDataDir(settings, id), 'assets');

const problem = (
  field: string,
  expected: string,
  received: string,
  message: string,
  code: 'VALIDATION_ERROR' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION_ERROR',
) =>
  new AppError(code, {
    message,
    context: { problems: [{ in: 'body', field, expected, received }] },
  });

/** Refuses the whole upload before anything is written: count, sizes, then each file's type. */
function checkUpload(files: UploadedFile[], already: number) {
  const L = ASSET_LIMITS;
  if (files.length === 0) throw problem('files', 'at least one image file', 'no file', 'No files were uploaded');
  if (files.length > L.filesPerUpload)
    throw problem(
      'files',
      `at most ${L.filesPerUpload} files`,
      `${files.length} files`,
      'Too many files in one upload',
    );
  if (already + files.length > L.filesPerPlugin)
    throw problem(
      'files',
      `at most ${L.filesPerPlugin} images per plugin`,
      `${already} kept + ${files.length} new`,
      `The plugin keeps ${already} images; at most ${L.filesPerPlugin} are allowed`,
    );
  const total = files.reduce((n, f) => n + f.bytes.length, 0);
  const big = files.find((f) => f.bytes.length > L.fileBytes);
  if (big || total > L.uploadBytes) {
    const [field, limit, got] = big
      ? [`files[${big.name}]`, L.fileBytes, big.bytes.length]
      : ['files', L.uploadBytes, total];
    throw problem(field, `at most ${limit} bytes`, `${got} bytes`, `Upload too large: ${field}`, 'PAYLOAD_TOO_LARGE');
  }
  return files.map((f) => {
    const type = imageType(f.bytes);
    if (!type)
      throw problem(
        `files[${f.name}]`,
        'a PNG, JPEG, GIF or BMP image',
        `a file starting ${firstBytes(f.bytes)}`,
        `${f.name} is not a PNG, JPEG, GIF or BMP image`,
      );
    return { ...f, type };
  });
}

async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${file}.${crypto.randomUUID()}.tmp`;
  await fs.writeFile(tmp, data, { mode: 0o640 });
  await fs.rename(tmp, file);
}

/** Images belong to an installed plugin: anything else is PLUGIN_NOT_FOUND, before the disk is touched. */
function assertInstalled(deps: Pick<Platform, 'db'>, id: string): void {
  const row = getPluginState(deps, id);
  if (row && row.present && row.status !== 'uninstalled') return;
  throw new AppError('PLUGIN_NOT_FOUND', { message: `Plugin ${id} is not installed`, context: { plugin_id: id } });
}

export async function listAssets(deps: Deps, id: string): Promise<AssetRecord[]> {
  assertInstalled(deps, id);
  const metaDir = path.join(assetsDir(deps.settings, id), META);
  const names = await fs.readdir(metaDir).catch(() => [] as string[]);
  const records = await Promise.all(
    names
      .filter((n) => ASSET_ID.test(n.replace(/\.json$/, '')) && n.endsWith('.json'))
      .map(
        async (n) => JSON.parse(await fs.readFile(path.join(metaDir, n), 'utf8').catch(() => 'null')) as AssetRecord,
      ),
  );
  return records.filter(Boolean).sort((a, b) => a.uploaded_at.localeCompare(b.uploaded_at) || a.id.localeCompare(b.id));
}

export async function uploadAssets(deps: Deps, id: string, files: UploadedFile[]): Promise<AssetRecord[]> {
  const checked = checkUpload(files, (await listAssets(deps, id)).length);
  const dir = assetsDir(deps.settings, id);
  await fs.mkdir(path.join(dir, META), { recursive: true, mode: 0o750 });
  const now = deps.clock.now();
  const records: AssetRecord[] = [];
  for (const f of checked) {
    const md5 = crypto.createHash('md5').update(f.bytes).digest('hex').slice(0, 8);
    const filename = `image_${now}_${md5}.${f.type}`;
    const record: AssetRecord = {
      id: crypto.randomUUID(),
      filename,
      original_filename: f.name.slice(0, 255),
      path: `assets/${filename}`,
      size: f.bytes.length,
      type: f.type,
      uploaded_at: new Date(now).toISOString(),
    };
    await writeAtomic(path.join(dir, filename), f.bytes);
    await writeAtomic(path.join(dir, META, `${record.id}.json`), JSON.stringify(record));
    records.push(record);
  }
  return records;
}

/** Removes one image and its record; NOT_FOUND when the plugin has no image with that id. */
export async function deleteAsset(deps: Deps, id: string, imageId: string): Promise<AssetRecord> {
  const record = ASSET_ID.test(imageId) ? (await listAssets(deps, id)).find((r) => r.id === imageId) : undefined;
  if (!record)
    throw new AppError('NOT_FOUND', {
      message: `Plugin ${id} has no image ${JSON.stringify(imageId)}`,
      context: { plugin_id: id, image_id: imageId },
    });
  const dir = assetsDir(deps.settings, id);
  // The record goes first: an image without one is never listed, and the next upload may reuse nothing of it.
  await fs.rm(path.join(dir, META, `${record.id}.json`), { force: true });
  const others = (await listAssets(deps, id)).some((r) => r.filename === record.filename);
  if (!others) await fs.rm(path.join(dir, path.basename(record.filename)), { force: true });
  return record;
}
