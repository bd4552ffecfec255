/**
 * `GET /api/v3/backup/export`: the archive, streamed as it is written. Config files are read as
 * they are on disk (each written atomically, so each is whole); secrets only when asked for, and
 * then the file name says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Platform } from '../platform/index.ts';
import { listPluginStates } from '../plugins/state/rows.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, ENTRY, type BackupManifest } from './manifest.ts';
import { filesUnder } from './files.ts';
import { assetEntries } from './plugin-assets.ts';

export { filesUnder };
import { readPluginCache, readSavedRepositories } from './tables.ts';
import { zipStream, type ZipSource } from './zip-writer.ts';

export type BackupDeps = Pick<Platform, 'settings' | 'db' | 'clock' | 'version'> & {
  configFiles: { main: string; secrets: string };
};

/** User uploads (images and files plugins were given), kept in the data folder. */
export const uploadsDir = (settings: Platform['settings']) => path.join(settings.dataDir, 'uploads');

const stamp = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-');

export function backupFileName(now: number, includeSecrets: boolean): string {
  return `marquee-backup-${stamp(now)}${includeSecrets ? '-with-secrets' : ''}.zip`;
}

export function backupManifest(deps: BackupDeps, includeSecrets: boolean): BackupManifest {
  const plugins = listPluginStates(deps)
    .filter((p) => p.status !== 'uninstalled')
    .map((p) => ({
      id: p.id,
      version: p.version,
      source: p.source,
      repo: p.repo,
      branch: p.branch,
      plugin_path: p.pluginPath,
      enabled: p.enabled,
    }));
  return {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    created_at: new Date(deps.clock.now()).toISOString(),
    marquee_version: deps.version,
    includes_secrets: includeSecrets,
    plugins,
  };
}

function* entries(deps: BackupDeps, includeSecrets: boolean): Generator<ZipSource> {
  const json = (value: unknown) => Buffer.from(JSON.stringify(value, null, 2) + '\n');
  const file = (p: string) => (fs.existsSync(p) ? fs.readFileSync(p) : Buffer.from('{}\n'));
  yield { name: ENTRY.manifest, data: json(backupManifest(deps, includeSecrets)) };
  yield { name: ENTRY.config, data: file(deps.configFiles.main) };
  if (includeSecrets) yield { name: ENTRY.secrets, data: file(deps.configFiles.secrets) };
  yield { name: ENTRY.pluginCache, data: json(readPluginCache(deps.db.sqlite)) };
  yield { name: ENTRY.savedRepositories, data: json(readSavedRepositories(deps.db.sqlite)) };
  const uploads = uploadsDir(deps.settings);
  for (const rel of filesUnder(uploads)) {
    const full = path.join(uploads, ...rel.split('/'));
    yield { name: `${ENTRY.uploads}/${rel}`, data: () => fs.createReadStream(full) };
  }
  for (const { name, file } of assetEntries(deps.settings)) yield { name, data: () => fs.createReadStream(file) };
}

export function exportBackup(
  deps: BackupDeps,
  opts: { includeSecrets: boolean },
): { fileName: string; stream: Readable } {
  const now = deps.clock.now();
  return {
    fileName: backupFileName(now, opts.includeSecrets),
    stream: zipStream(entries(deps, opts.includeSecrets), new Date(now)),
  };
}
