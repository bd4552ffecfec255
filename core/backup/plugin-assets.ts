/**
 * Plugins' uploaded images in a backup: `data/plugins/<id>/assets/...` in the archive, as they lie
 * in the data folder (core/plugins/assets/store.ts: the images and their `.meta/` records). Only
 * `assets/` of each plugin's data folder is kept: the rest (its cache, the files it wrote into its
 * own folder) is the plugin's to make again. A restore makes every plugin's images those of the
 * backup: a plugin with images on the device and none in the backup is left with none.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Platform } from '../platform/index.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { ASSET_LIMITS, assetsDir } from '../plugins/assets/store.ts';
import { isPluginId } from '../plugins/package/id.ts';
import { filesUnder } from './files.ts';
import type { RestoreItem } from './journal.ts';

/** Where the plugins' data folders are in a backup (`data/plugins/<id>/assets/<file>`). */
export const PLUGIN_DATA_ENTRY = 'data/plugins';
const ASSETS = 'assets';
/** Images and their records, each at most the largest image an upload takes. */
const MAX_FILES = ASSET_LIMITS.filesPerPlugin * 2;

type Settings = Platform['settings'];

const ids = (root: string) =>
  fs.existsSync(root)
    ? fs.readdirSync(root).filter((n) => isPluginId(n) && fs.existsSync(path.join(root, n, ASSETS)))
    : [];

/** Plugins with an `assets/` folder on this device. */
export const pluginsWithAssets = (settings: Settings) => ids(path.join(settings.dataDir, 'plugins'));

/** The archive's entries for every plugin's images: name, and the file it is read from. */
export function* assetEntries(settings: Settings): Generator<{ name: string; file: string }> {
  for (const id of pluginsWithAssets(settings)) {
    const dir = assetsDir(settings, id);
    for (const rel of filesUnder(dir))
      yield { name: `${PLUGIN_DATA_ENTRY}/${id}/${ASSETS}/${rel}`, file: path.join(dir, ...rel.split('/')) };
  }
}

const invalid = (message: string, entry: string) => new AppError('BACKUP_INVALID', { message, context: { entry } });

/** Checks `data/plugins/` of an extracted backup; returns the plugins it holds images for. */
export function checkBackupAssets(dest: string): string[] {
  const root = path.join(dest, ...PLUGIN_DATA_ENTRY.split('/'));
  if (!fs.existsSync(root)) return [];
  for (const id of fs.readdirSync(root)) {
    const entry = `${PLUGIN_DATA_ENTRY}/${id}`;
    if (!isPluginId(id))
      throw invalid(`The backup holds ${JSON.stringify(entry)}, which is not a plugin's folder`, entry);
    const inside = fs.readdirSync(path.join(root, id));
    const other = inside.find((n) => n !== ASSETS);
    if (other !== undefined)
      throw invalid(`The backup holds ${entry}/${other}; only a plugin's ${ASSETS}/ is kept in backups`, entry);
    const files = [...filesUnder(path.join(root, id, ASSETS))];
    if (files.length > MAX_FILES)
      throw invalid(`${entry}/${ASSETS} holds ${files.length} files; at most ${MAX_FILES} are kept per plugin`, entry);
    const big = files.find(
      (f) => fs.statSync(path.join(root, id, ASSETS, ...f.split('/'))).size > ASSET_LIMITS.fileBytes,
    );
    if (big) throw invalid(`${entry}/${ASSETS}/${big} is larger than ${ASSET_LIMITS.fileBytes} bytes`, entry);
  }
  return ids(root);
}

/**
 * One restore item per plugin with images in the backup or on the device; a plugin without any in
 * the backup gets an empty folder in the staged copy, so its images are set aside like the rest.
 */
export function assetItems(settings: Settings, newDir: string, inBackup: string[]): Omit<RestoreItem, 'hadOld'>[] {
  const dataRoot = path.join(settings.dataDir, 'plugins');
  // As the display makes them (core/hosts/confine.ts): the root crossable, each plugin's folder its own.
  fs.mkdirSync(dataRoot, { recursive: true, mode: 0o711 });
  return [...new Set([...inBackup, ...pluginsWithAssets(settings)])].sort().map((id) => {
    const entry = `${PLUGIN_DATA_ENTRY}/${id}/${ASSETS}`;
    fs.mkdirSync(path.join(newDir, ...entry.split('/')), { recursive: true });
    fs.mkdirSync(path.join(dataRoot, id), { recursive: true, mode: 0o700 });
    return { entry, target: assetsDir(settings, id) };
  });
}
