/**
 * The `backup-restore` operation: the uploaded archive checked whole, the config as it is now kept
 * as a config backup, then the backup's files swapped in under the journal (journal.ts, swap.ts)
 * and its tables replaced in the transaction that records the restore. Any failure before that
 * transaction puts everything back; a crash is settled by recover.ts. Then missing plugins are
 * queued for install.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { ConfigService } from '../config/service.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { Platform } from '../platform/index.ts';
import { listPluginStates } from '../plugins/state/rows.ts';
import type { Executor, Queue } from '../queue/types.ts';
import { uploadsDir } from './export.ts';
import { writeJournal, type RestoreItem } from './journal.ts';
import { ENTRY } from './manifest.ts';
import { assetItems } from './plugin-assets.ts';
import { readBackup, backupLimits, type BackupContents } from './read.ts';
import { isRecorded, restoreDir, settleRestore } from './recover.ts';
import { reinstallMissing } from './reinstall.ts';
import { discard, moveBack, moveIn, restorePaths, type RestorePaths } from './swap.ts';
import { removeUpload, uploadPath } from './uploads.ts';
import { replaceTables } from './tables.ts';

export const RESTORE_KIND = 'backup-restore';

export interface RestoreDeps extends Pick<Platform, 'settings' | 'db' | 'clock' | 'log'> {
  config: Pick<ConfigService, 'paths' | 'refusalOf' | 'refresh' | 'state' | 'keep'>;
  queue: Pick<Queue, 'enqueue'>;
  /** After the commit: whatever caches what was restored reads it again (the registry's sources). */
  afterCommit?: () => void;
  /** Named points of the swap, for crash tests that stop the process at each. */
  onStep?: (step: string) => void;
}

type Params = { upload_id: string };

function items(deps: RestoreDeps, p: RestorePaths, b: BackupContents): RestoreItem[] {
  const list = [
    { entry: ENTRY.config, target: deps.config.paths.main },
    ...(b.secrets ? [{ entry: ENTRY.secrets, target: deps.config.paths.secrets }] : []),
    { entry: ENTRY.uploads, target: uploadsDir(deps.settings) },
    ...assetItems(deps.settings, p.newDir, b.pluginAssets),
  ];
  return list.map((i) => ({ ...i, hadOld: fs.existsSync(i.target) }));
}

async function prepare(deps: RestoreDeps, p: RestorePaths, uploadId: string, signal: AbortSignal) {
  fs.mkdirSync(p.newDir, { recursive: true });
  const b = await readBackup(uploadPath(deps.settings.dataDir, uploadId), p.newDir, {
    limits: backupLimits(deps.settings),
    signal,
  });
  const refusal = deps.config.refusalOf({ op: 'raw', file: 'main', content: b.config });
  if (refusal)
    throw new AppError('BACKUP_INVALID', {
      message: `config.json in the backup is refused: ${refusal.message}`,
      context: { ...refusal.context, rule: refusal.code },
    });
  fs.mkdirSync(path.join(p.newDir, ENTRY.uploads), { recursive: true });
  if (b.secrets) fs.chmodSync(path.join(p.newDir, ...ENTRY.secrets.split('/')), 0o600);
  return b;
}

/** Keeps the config as it is now in the settings history, so the restore itself can be undone. */
async function keepCurrentConfig(deps: RestoreDeps): Promise<string> {
  const { main, secrets } = deps.config.paths;
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '{}\n');
  return deps.config.keep({ main: read(main), secrets: read(secrets) }, { reason: 'before restoring a backup' });
}

function swapIn(deps: RestoreDeps, p: RestorePaths, opId: string, b: BackupContents, list: RestoreItem[]): void {
  writeJournal(p.dir, { v: 1, opId, phase: 'swapping', items: list });
  deps.onStep?.('restore:journaled');
  const { sqlite } = deps.db;
  try {
    list.forEach((item, i) => moveIn(p, item, i, deps.onStep));
    deps.onStep?.('restore:moved');
    sqlite.transaction(() => {
      replaceTables(sqlite, b);
      sqlite.prepare('INSERT INTO backup_restores (op_id, applied_at) VALUES (?, ?)').run(opId, deps.clock.now());
    })();
  } catch (e) {
    list.forEach((item, i) => moveBack(p, item, i));
    discard(p);
    throw e;
  }
  deps.onStep?.('restore:recorded');
  writeJournal(p.dir, { v: 1, opId, phase: 'committed', items: list });
  discard(p);
}

function finish(deps: RestoreDeps, listed: BackupContents['manifest']['plugins'], resumed: boolean) {
  deps.config.refresh();
  deps.afterCommit?.();
  const installs = reinstallMissing(deps.queue, listed, listPluginStates(deps));
  const n = installs.queued.length;
  const message = `Backup restored${resumed ? ' (finished after a restart)' : ''}${n ? `; installing ${n} plugin${n === 1 ? '' : 's'}` : ''}`;
  return { message, installs };
}

export function restoreExecutor(deps: RestoreDeps): Executor<Params> {
  return {
    kind: RESTORE_KIND,
    timeoutMs: 10 * 60_000,
    maxAttempts: 2,
    recover: ({ op }) => void settleRestore(deps.db.sqlite, restoreDir(deps.settings.dataDir, op.id)),
    async run({ op, params, signal, progress }) {
      const p = restorePaths(restoreDir(deps.settings.dataDir, op.id));
      settleRestore(deps.db.sqlite, p.dir);
      if (isRecorded(deps.db.sqlite, op.id)) {
        removeUpload(deps.settings.dataDir, params.upload_id);
        return finish(deps, [], true);
      }
      progress(0.05, 'validating', 'Checking the archive');
      let b: BackupContents;
      try {
        b = await prepare(deps, p, params.upload_id, signal);
      } catch (e) {
        discard(p);
        throw e;
      }
      const list = items(deps, p, b);
      writeJournal(p.dir, { v: 1, opId: op.id, phase: 'staging', items: list });
      progress(0.4, 'keeping', 'Keeping the current config as a config backup');
      const kept = await keepCurrentConfig(deps).catch((e: Error) => (discard(p), Promise.reject(e)));
      // The last point where a cancel is honoured: from here the restore completes or is undone.
      if (signal.aborted) {
        discard(p);
        throw signal.reason;
      }
      progress(0.5, 'swapping', "Putting the backup's files in place");
      swapIn(deps, p, op.id, b, list);
      removeUpload(deps.settings.dataDir, params.upload_id);
      progress(0.9, 'reinstalling', 'Queueing the missing plugins');
      return { ...finish(deps, b.manifest.plugins, false), config_backup: kept };
    },
  };
}
