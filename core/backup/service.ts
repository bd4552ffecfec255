/**
 * The backup room as the API uses it: export, preview an upload (checked whole, nothing changed),
 * and restore one as an operation.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MAIN_KEY } from '../config/change.ts';
import type { ConfigService } from '../config/service.ts';
import type { Platform } from '../platform/index.ts';
import { listPluginStates } from '../plugins/state/rows.ts';
import type { EnqueueResult, Queue } from '../queue/types.ts';
import { exportBackup, filesUnder, uploadsDir } from './export.ts';
import { previewRestore, type DeviceNow, type RestorePreview } from './preview.ts';
import { backupLimits, readBackup } from './read.ts';
import { RESTORE_KIND } from './restore.ts';
import { readPluginCache, readSavedRepositories } from './tables.ts';
import { removeUpload, storeUpload, uploadPath } from './uploads.ts';

type Base = Pick<Platform, 'settings' | 'db' | 'clock' | 'version'>;

function deviceNow(base: Base, config: Pick<ConfigService, 'state'>): DeviceNow {
  return {
    config: config.state().main,
    plugins: listPluginStates(base),
    pluginCacheEntries: readPluginCache(base.db.sqlite).length,
    savedRepositories: readSavedRepositories(base.db.sqlite).length,
    uploads: [...filesUnder(uploadsDir(base.settings))].length,
  };
}

export function createBackupService(
  base: Base,
  s: { config: Pick<ConfigService, 'state' | 'paths' | 'keep'>; queue: Queue },
) {
  const { dataDir } = base.settings;
  const upload = (body: ReadableStream<Uint8Array> | null, signal?: AbortSignal) =>
    storeUpload(dataDir, body, { maxBytes: base.settings.limits.backupBytes, now: base.clock.now(), signal });

  /** Reads the upload into a scratch folder, previews it, removes the folder; a refused upload is deleted. */
  async function previewUpload(id: string, signal?: AbortSignal): Promise<RestorePreview> {
    const dir = path.join(dataDir, 'restore-preview', randomUUID());
    fs.mkdirSync(dir, { recursive: true });
    try {
      const contents = await readBackup(uploadPath(dataDir, id), dir, { limits: backupLimits(base.settings), signal });
      return previewRestore(deviceNow(base, s.config), contents);
    } catch (e) {
      removeUpload(dataDir, id);
      throw e;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  return {
    export: (includeSecrets: boolean) => exportBackup({ ...base, configFiles: s.config.paths }, { includeSecrets }),
    async preview(body: ReadableStream<Uint8Array> | null, signal?: AbortSignal) {
      const id = await upload(body, signal);
      return { upload_id: id, preview: await previewUpload(id, signal) };
    },
    upload,
    /**
     * Queues the restore of a kept upload. Its key is the main config's, so no config save runs
     * meanwhile; an operation running on an installed plugin refuses it (409).
     */
    restore(uploadId: string): EnqueueResult {
      uploadPath(dataDir, uploadId);
      const ids = listPluginStates(base)
        .filter((p) => p.status !== 'uninstalled')
        .map((p) => p.id);
      return s.queue.enqueue({
        kind: RESTORE_KIND,
        key: MAIN_KEY,
        params: { upload_id: uploadId },
        alsoTouches: ids,
      });
    },
  };
}

export type BackupService = ReturnType<typeof createBackupService>;
