/**
 * Opens an uploaded backup: extracted into a staging folder under the plugin archive rules (names,
 * links, sizes, bombs; core/plugins/archive/), then every part checked before anything is changed.
 * Any refusal is BACKUP_INVALID with what was wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as v from 'valibot';
import type { Settings } from '../../hono.config.ts';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import { archiveLimits, type ArchiveLimits } from '../plugins/archive/limits.ts';
import { extractArchive } from '../plugins/archive/extract.ts';
import { filesUnder } from './files.ts';
import { checkBackupAssets } from './plugin-assets.ts';
import {
  ENTRY,
  manifestSchema,
  pluginCacheSchema,
  savedRepositoriesSchema,
  type BackupManifest,
  type PluginCacheRows,
  type SavedRepositoryRows,
} from './manifest.ts';

export type JsonObject = Record<string, unknown>;

export interface BackupContents {
  manifest: BackupManifest;
  config: JsonObject;
  /** Null when the backup was made without secrets: the secrets on the device stay. */
  secrets: JsonObject | null;
  pluginCache: PluginCacheRows;
  savedRepositories: SavedRepositoryRows;
  /** Files under `uploads/`, relative to it. */
  uploads: string[];
  /** Plugins whose uploaded images the backup holds (`data/plugins/<id>/assets/`). */
  pluginAssets: string[];
  /** The extracted folder. */
  dir: string;
}

const TOP = new Set(['manifest.json', 'config', 'data', 'uploads']);

const invalid = (message: string, context?: JsonObject) => new AppError('BACKUP_INVALID', { message, context });

/** The archive rules of plugin installs, with the size limits of a backup. */
export function backupLimits(settings: Settings): ArchiveLimits {
  const base = archiveLimits(settings);
  const bytes = settings.limits.backupBytes * 2;
  return { ...base, maxBytes: bytes, maxFileBytes: bytes, maxFiles: 20_000, maxEntries: 20_000 };
}

function readJson(dir: string, entry: string, required: boolean): unknown {
  const file = path.join(dir, ...entry.split('/'));
  if (!fs.existsSync(file)) {
    if (required) throw invalid(`The backup has no ${entry}`, { entry });
    return undefined;
  }
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalid(`${entry} in the backup is not valid JSON: ${(e as Error).message}`, { entry });
  }
}

function parse<S extends v.GenericSchema>(schema: S, value: unknown, entry: string): v.InferOutput<S> {
  const r = v.safeParse(schema, value);
  if (r.success) return r.output;
  const issue = r.issues[0]!;
  const where = issue.path?.map((p) => String(p.key)).join('.') || '(root)';
  throw invalid(`${entry} in the backup is not what Marquee writes: ${where}: ${issue.message}`, {
    entry,
    field: where,
  });
}

const isObject = (x: unknown): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);

function objectEntry(dir: string, entry: string): JsonObject {
  const value = readJson(dir, entry, true);
  if (!isObject(value)) throw invalid(`${entry} in the backup is not a JSON object`, { entry });
  return value;
}

/** Extracts `zipPath` into `dest` (which must exist and be empty) and checks every part. */
export async function readBackup(
  zipPath: string,
  dest: string,
  opts: { limits: ArchiveLimits; signal?: AbortSignal },
): Promise<BackupContents> {
  try {
    await extractArchive(zipPath, dest, { limits: opts.limits, layout: 'flat', signal: opts.signal });
  } catch (e) {
    if (isAppError(e) && e.code.startsWith('PLUGIN_ARCHIVE'))
      throw new AppError('BACKUP_INVALID', { message: e.message, context: { ...e.context, rule: e.code } });
    throw e;
  }
  for (const name of fs.readdirSync(dest))
    if (!TOP.has(name))
      throw invalid(`The backup holds ${JSON.stringify(name)}, which Marquee backups do not`, { entry: name });
  const manifest = parse(manifestSchema, readJson(dest, ENTRY.manifest, true), ENTRY.manifest);
  const secretsThere = fs.existsSync(path.join(dest, ...ENTRY.secrets.split('/')));
  if (secretsThere !== manifest.includes_secrets)
    throw invalid(
      manifest.includes_secrets
        ? 'The backup says it holds secrets but has none'
        : 'The backup holds secrets it does not declare',
    );
  return {
    manifest,
    config: objectEntry(dest, ENTRY.config),
    secrets: manifest.includes_secrets ? objectEntry(dest, ENTRY.secrets) : null,
    pluginCache: parse(pluginCacheSchema, readJson(dest, ENTRY.pluginCache, false) ?? [], ENTRY.pluginCache),
    savedRepositories: parse(
      savedRepositoriesSchema,
      readJson(dest, ENTRY.savedRepositories, false) ?? [],
      ENTRY.savedRepositories,
    ),
    uploads: [...filesUnder(path.join(dest, ENTRY.uploads))],
    pluginAssets: checkBackupAssets(dest),
    dir: dest,
  };
}
