/**
 * Settling restores a crash interrupted, before the config store opens its files (the composition
 * calls `settleRestores` first) and again by the queue's recover hook. The rule: recorded in the
 * database (`backup_restores`) means committed, so the moves are finished; otherwise every item is
 * put back. Either way the restore's folder is removed, leaving the old state or the new.
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/log.ts';
import { readJournal } from './journal.ts';
import { discard, moveBack, moveIn, restorePaths } from './swap.ts';

export type RestoreSettled = 'absent' | 'discarded' | 'rolled-back' | 'rolled-forward' | 'kept';

export const restoresRoot = (dataDir: string) => path.join(dataDir, 'restore');
export const restoreDir = (dataDir: string, opId: string) => path.join(restoresRoot(dataDir), opId);

export const isRecorded = (sqlite: Database.Database, opId: string): boolean =>
  !!sqlite.prepare('SELECT 1 FROM backup_restores WHERE op_id = ?').get(opId);

export function settleRestore(sqlite: Database.Database, dir: string): RestoreSettled {
  if (!fs.existsSync(dir)) return 'absent';
  const p = restorePaths(dir);
  const read = readJournal(dir);
  if (read.state === 'absent') {
    // The journal comes before anything visible changes: without one, nothing did.
    discard(p);
    return 'discarded';
  }
  // old/ may hold the only copy of the user's files: an unreadable journal is left for a person.
  if (read.state === 'corrupt') return 'kept';
  const j = read.journal;
  if (j.phase === 'staging') {
    discard(p);
    return 'discarded';
  }
  const forward = j.phase === 'committed' || isRecorded(sqlite, j.opId);
  j.items.forEach((item, i) => (forward ? moveIn(p, item, i) : moveBack(p, item, i)));
  discard(p);
  return forward ? 'rolled-forward' : 'rolled-back';
}

/** Every restore folder left by a crash, settled; logged, since it changed what the user sees. */
export function settleRestores(deps: { sqlite: Database.Database; dataDir: string; log: Logger }): void {
  const root = restoresRoot(deps.dataDir);
  if (!fs.existsSync(root)) return;
  for (const name of fs.readdirSync(root)) {
    const outcome = settleRestore(deps.sqlite, path.join(root, name));
    const level = outcome === 'kept' ? 'error' : 'warn';
    deps.log[level]('backup restore settled after a crash', { op_id: name, outcome });
  }
}
