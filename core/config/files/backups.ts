/**
 * Backup pairs under config/backups/: one folder per backup, named by its creation time in
 * milliseconds plus a counter (`20260101T120000123Z-0000`), so names are unique and sort in
 * creation order even for saves in the same millisecond or after the clock stepped back. A folder
 * is built under a temporary name and renamed into place, so a backup is a complete pair or absent;
 * pruning renames before deleting for the same reason.
 *
 * Depends on node and atomic-write only (the crash tests run it in a bare child process).
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, writeNewFiles } from './atomic-write.ts';

export const BACKUP_FILES = { main: 'config.json', secrets: 'config_secrets.json', meta: 'meta.json' } as const;
const ID = /^(\d{8}T\d{9}Z)-(\d{4})$/;

export interface BackupMeta {
  created_at: string;
  /** What the save that followed this backup did, e.g. `plugin clock`. */
  reason?: string;
  /** Top-level sections the following save changed. */
  changed_sections?: string[];
}

export interface BackupInfo extends BackupMeta {
  id: string;
  size_bytes: { main: number; secrets: number };
}

const stampOf = (ms: number) => new Date(ms).toISOString().replace(/[-:.]/g, '');

/** Existing backup ids, newest first. */
export function listBackupIds(dir: string): string[] {
  if (!fsSync.existsSync(dir)) return [];
  return fsSync
    .readdirSync(dir)
    .filter((n) => ID.test(n))
    .sort()
    .reverse();
}

/** The next id: after every existing one, even when the clock went back. */
export function nextBackupId(nowMs: number, existing: string[]): string {
  const stamp = stampOf(nowMs);
  const newest = existing[0] ? ID.exec(existing[0]) : null;
  if (!newest || newest[1]! < stamp) return `${stamp}-0000`;
  return `${newest[1]}-${String(Number(newest[2]) + 1).padStart(4, '0')}`;
}

/** Writes one complete backup pair and returns its id. */
export async function createBackup(
  dir: string,
  nowMs: number,
  pair: { main: string; secrets: string },
  meta: Omit<BackupMeta, 'created_at'> = {},
): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const id = nextBackupId(nowMs, listBackupIds(dir));
  const tmp = path.join(dir, `.tmp-${id}-${process.pid}`);
  await fs.rm(tmp, { recursive: true, force: true });
  await fs.mkdir(tmp, { mode: 0o700 });
  const full: BackupMeta = { created_at: new Date(nowMs).toISOString(), ...meta };
  await writeNewFiles(tmp, [
    { path: path.join(tmp, BACKUP_FILES.main), data: pair.main, mode: 0o644 },
    { path: path.join(tmp, BACKUP_FILES.secrets), data: pair.secrets, mode: 0o600 },
    { path: path.join(tmp, BACKUP_FILES.meta), data: JSON.stringify(full), mode: 0o644 },
  ]);
  await fs.rename(tmp, path.join(dir, id));
  await fsyncDir(dir);
  return id;
}

/** Keeps the newest `keep` backups; older ones are renamed aside, then deleted. */
export async function pruneBackups(dir: string, keep: number): Promise<string[]> {
  const old = listBackupIds(dir).slice(keep);
  for (const id of old) {
    const trash = path.join(dir, `.trash-${id}`);
    await fs.rename(path.join(dir, id), trash);
    await fs.rm(trash, { recursive: true, force: true });
  }
  return old;
}

/** Removes folders an interrupted backup or prune left behind. */
export function cleanBackupDebrisSync(dir: string): string[] {
  if (!fsSync.existsSync(dir)) return [];
  const debris = fsSync.readdirSync(dir).filter((n) => n.startsWith('.tmp-') || n.startsWith('.trash-'));
  for (const name of debris) fsSync.rmSync(path.join(dir, name), { recursive: true, force: true });
  return debris;
}

export function readBackupPair(dir: string, id: string): { main: string; secrets: string } | null {
  if (!ID.test(id)) return null;
  const folder = path.join(dir, id);
  try {
    return {
      main: fsSync.readFileSync(path.join(folder, BACKUP_FILES.main), 'utf8'),
      secrets: fsSync.readFileSync(path.join(folder, BACKUP_FILES.secrets), 'utf8'),
    };
  } catch {
    return null;
  }
}

export function describeBackup(dir: string, id: string): BackupInfo {
  const folder = path.join(dir, id);
  const size = (name: string) => fsSync.statSync(path.join(folder, name), { throwIfNoEntry: false })?.size ?? 0;
  let meta: BackupMeta = { created_at: '' };
  try {
    meta = JSON.parse(fsSync.readFileSync(path.join(folder, BACKUP_FILES.meta), 'utf8')) as BackupMeta;
  } catch {
    meta = { created_at: fsSync.statSync(folder).mtime.toISOString() };
  }
  return { id, ...meta, size_bytes: { main: size(BACKUP_FILES.main), secrets: size(BACKUP_FILES.secrets) } };
}
