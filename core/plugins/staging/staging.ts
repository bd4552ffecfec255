/**
 * `plugin-repos/.staging/<opId>/`: where an operation prepares its work. It lives inside the
 * plugins directory so every move into place is a rename on one file system. Layout:
 * `journal.json` (journal.ts), `new/` (the staged plugin), `previous/` (the version moved aside),
 * `removed/` (an uninstalled plugin on its way out).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Platform } from '../../platform/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { assertManifestCompatible } from '../package/ledmatrix.ts';
import { safeRelativeSegments } from '../archive/names.ts';
import { INSTALL_META_FILE } from '../package/install-meta.ts';
import { writeJournal, type Journal } from './journal.ts';
import { assertPluginId, canonicalPluginId, namesPlugin } from '../package/id.ts';
import { readManifest, type Manifest } from '../package/manifest.ts';

export type LifecycleDeps = Pick<Platform, 'settings' | 'db' | 'clock' | 'log' | 'version'>;

export const STAGING_DIR = '.staging';
/** Operation ids name folders, so they are held to a safe alphabet (uuids and queue ids fit). */
export const OP_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export interface StagingPaths {
  opId: string;
  dir: string;
  newDir: string;
  previousDir: string;
  removedDir: string;
}

export const stagingRoot = (deps: Pick<Platform, 'settings'>) => path.join(deps.settings.pluginsDir, STAGING_DIR);

export function stagingPaths(deps: Pick<Platform, 'settings'>, opId: string): StagingPaths {
  if (!OP_ID_PATTERN.test(opId)) throw new TypeError(`unsafe operation id for a staging folder: ${opId}`);
  const dir = path.join(stagingRoot(deps), opId);
  return {
    opId,
    dir,
    newDir: path.join(dir, 'new'),
    previousDir: path.join(dir, 'previous'),
    removedDir: path.join(dir, 'removed'),
  };
}

/** Creates the operation's staging folder with its first journal entry (written before anything else changes). */
export async function createStaging(deps: LifecycleDeps, journal: Journal): Promise<StagingPaths> {
  // An install may not know its id before the manifest is read ('' until then); everything else must.
  if (journal.kind === 'uninstall' || journal.pluginId !== '') assertPluginId(journal.pluginId);
  const paths = stagingPaths(deps, journal.opId);
  await fs.mkdir(stagingRoot(deps), { recursive: true, mode: 0o700 });
  try {
    await fs.mkdir(paths.dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    throw new AppError('PLUGIN_OPERATION_CONFLICT', {
      message: `A staging folder for operation ${journal.opId} already exists`,
      context: { operation_id: journal.opId, plugin_id: journal.pluginId },
    });
  }
  if (journal.kind !== 'uninstall') await fs.mkdir(paths.newDir);
  await writeJournal(paths.dir, journal);
  return paths;
}

export async function discardStaging(paths: Pick<StagingPaths, 'dir'>): Promise<void> {
  await fs.rm(paths.dir, { recursive: true, force: true, maxRetries: 2 });
}

async function assertFile(dir: string, rel: string, field: string): Promise<string> {
  const segments = safeRelativeSegments(rel);
  const file = path.join(dir, ...(segments ?? []));
  const st = segments?.length ? await fs.lstat(file).catch(() => undefined) : undefined;
  if (!st?.isFile()) {
    throw new AppError('PLUGIN_MANIFEST_INVALID', {
      message: `${field} ${JSON.stringify(rel)} is not a file in the plugin`,
      context: { problems: [{ in: 'manifest', field, expected: 'a file in the plugin folder', received: rel }] },
    });
  }
  return file;
}

async function assertJsonObject(file: string, field: string): Promise<void> {
  try {
    const value: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
  } catch (e) {
    throw new AppError('PLUGIN_MANIFEST_INVALID', {
      message: `${field} is not a JSON object: ${(e as Error).message}`,
      context: {
        problems: [{ in: 'manifest', field, expected: 'a JSON Schema object', received: path.basename(file) }],
      },
    });
  }
}

/**
 * Checks a plugin folder: a valid manifest whose id is the one expected (if one is; LEDMatrix's
 * `ledmatrix-<id>` names plugin `<id>`), its entry module and config schema present, and a version
 * range that includes this Marquee (LEDMatrix's API, for a Python plugin). The manifest comes back
 * under Marquee's id for the plugin, its own kept as `manifest_id`.
 */
export async function checkPluginFolder(
  deps: Pick<Platform, 'version'>,
  dir: string,
  expectedId: string | undefined,
): Promise<Manifest> {
  const manifest = await readManifest(dir);
  if (expectedId !== undefined && !namesPlugin(manifest.id, expectedId)) {
    throw new AppError('PLUGIN_ID_MISMATCH', {
      message: `The manifest id is ${JSON.stringify(manifest.id)}, not the requested ${JSON.stringify(expectedId)}`,
      context: { plugin_id: expectedId, manifest_id: manifest.id },
    });
  }
  await assertFile(dir, manifest.entry_point, 'entry_point');
  const declared = manifest.config_schema;
  const schemaFile =
    declared !== undefined ? await assertFile(dir, declared, 'config_schema') : path.join(dir, 'config_schema.json');
  const schemaPresent = declared !== undefined || (await fs.lstat(schemaFile).catch(() => undefined))?.isFile();
  if (schemaPresent) await assertJsonObject(schemaFile, 'config_schema');
  assertManifestCompatible(manifest, deps.version);
  return { ...manifest, id: expectedId ?? canonicalPluginId(manifest.id), manifest_id: manifest.id };
}

/** checkPluginFolder for a staged download, which also loses the one file only Marquee may write (the install record). */
export async function validateStaged(
  deps: Pick<Platform, 'version'>,
  dir: string,
  expectedId: string | undefined,
): Promise<Manifest> {
  const manifest = await checkPluginFolder(deps, dir, expectedId);
  await fs.rm(path.join(dir, INSTALL_META_FILE), { force: true });
  return manifest;
}
