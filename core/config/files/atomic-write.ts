/**
 * Crash-safe file replacement. Every write goes to a temporary file in the target's own folder
 * (same file system, so the rename is atomic), is flushed to disk, then renamed over the target and
 * the folder itself is flushed, so the name points at the old or the new complete file at every
 * instant, even under kill -9 or a power cut. One file costs two flushes: its content before the
 * rename (else the name could point at blocks never written), the folder after it (else a power
 * cut could undo the rename after the save was answered). The temporary name itself is never
 * flushed: lost, it is debris of a save that was not answered.
 *
 * Several files committed together (config + secrets) are made all-or-nothing by an intent file
 * that lists each temporary file with the hash of its complete content, flushed before the first
 * rename: recovery (run before the files are first read) completes the renames only when every
 * listed file is complete or already in place. Leftover temporary files are debris of an
 * unfinished write and are removed.
 *
 * This module depends on node only (its flushes too), so the crash tests can run it in a bare child process.
 */
import crypto from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, fsyncDirSync, fsyncFd } from '../../platform/fsync.ts';

export interface FileWrite {
  path: string;
  data: string;
  /** Exact mode of the new file (default 0o644); secrets use 0o600. */
  mode?: number;
}

const INTENT = '.commit-intent.json';
const TEMP = /^\..+\.tmp-\d+-[0-9a-f]{8}$/;

function tempPath(target: string): string {
  const suffix = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.tmp-${suffix}`);
}

export interface NewFile {
  path: string;
  data: string;
  mode: number;
  /** Overwrite a file of that name (the intent); otherwise the name must be new. */
  replace?: boolean;
}

/**
 * Creates `files` in `dir` with their exact modes, writes and flushes each, and, with `syncDir`,
 * flushes the folder so their names are on disk too. The folder flush runs alongside the data
 * flushes (the names exist once the files are opened), so the whole costs one round of flushes. On
 * failure every file it created is removed.
 *
 * Opening, writing a settings file of a few kilobytes into the page cache and closing take
 * microseconds and are done in place; only the flushes, which wait for the disk, go to libuv's
 * threads. Each trip there costs a thread wake-up and a loop wake-up, which on a busy small board
 * weigh more than the system calls themselves.
 */
export async function writeNewFiles(dir: string, files: NewFile[], opts: { syncDir: boolean }): Promise<void> {
  const fds: number[] = [];
  try {
    for (const f of files) {
      const fd = fsSync.openSync(f.path, f.replace ? 'w' : 'wx', f.mode);
      fds.push(fd);
      // The umask may have narrowed the mode given to open; chmod makes it exact.
      fsSync.fchmodSync(fd, f.mode);
      fsSync.writeFileSync(fd, f.data);
    }
    await Promise.all([...fds.map((fd) => fsyncFd(fd)), opts.syncDir ? fsyncDir(dir) : null]);
  } catch (e) {
    // The files opened are the first ones, in order: those are the ones this call created.
    for (const f of files.slice(0, fds.length)) fsSync.rmSync(f.path, { force: true });
    throw e;
  } finally {
    for (const fd of fds) fsSync.closeSync(fd);
  }
}

interface IntentEntry {
  tmp: string;
  final: string;
  sha256: string;
}

const sha256 = (data: string) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * Files written and flushed under temporary names, not yet in place. The intent (for several
 * files) is written alongside them and names each one with its content hash, so recovery can tell
 * complete temporary files from ones a crash cut short and never installs a torn one.
 */
export interface PreparedFiles {
  dir: string;
  renames: Array<[string, string]>;
  intent: string | null;
}

export async function prepareFiles(writes: FileWrite[]): Promise<PreparedFiles> {
  const dir = path.dirname(writes[0]!.path);
  if (writes.some((w) => path.dirname(w.path) !== dir)) throw new TypeError('prepareFiles: files must share a folder');
  const temps = writes.map((w) => tempPath(w.path));
  const intent = writes.length > 1 ? path.join(dir, INTENT) : null;
  const entries: IntentEntry[] = writes.map((w, i) => ({
    tmp: path.basename(temps[i]!),
    final: path.basename(w.path),
    sha256: sha256(w.data),
  }));
  const files: NewFile[] = writes.map((w, i) => ({ path: temps[i]!, data: w.data, mode: w.mode ?? 0o644 }));
  // The intent's name must be on disk before any rename it describes can be, so the folder is
  // flushed here too; a single file needs no intent, and its rename is flushed by finishFiles.
  if (intent) files.push({ path: intent, data: JSON.stringify(entries), mode: 0o600, replace: true });
  await writeNewFiles(dir, files, { syncDir: intent !== null });
  return { dir, renames: writes.map((w, i) => [temps[i]!, w.path]), intent };
}

/** Puts prepared files in place: rename each (in place, as writeNewFiles writes), then flush the folder. */
export async function finishFiles(p: PreparedFiles): Promise<void> {
  let renamed = 0;
  try {
    for (; renamed < p.renames.length; renamed++) fsSync.renameSync(...p.renames[renamed]!);
    await fsyncDir(p.dir);
  } catch (e) {
    for (const [t] of p.renames.slice(renamed)) fsSync.rmSync(t, { force: true });
    if (p.intent) fsSync.rmSync(p.intent, { force: true });
    throw e;
  }
  if (p.intent) fsSync.rmSync(p.intent, { force: true });
}

/** Discards prepared files that will not be put in place. */
export async function discardFiles(p: PreparedFiles): Promise<void> {
  await Promise.all(
    [...p.renames.map(([t]) => t), ...(p.intent ? [p.intent] : [])].map((t) => fs.rm(t, { force: true })),
  );
}

/** Replaces every file in `writes` (all in one folder): each old-or-new always, all together after recovery. */
export async function commitFiles(writes: FileWrite[]): Promise<void> {
  if (!writes.length) return;
  await finishFiles(await prepareFiles(writes));
}

/** Synchronous single-file variant for start-up (first files created before anything is served). */
export function writeFileAtomicSync(target: string, data: string, mode = 0o644): void {
  const tmp = tempPath(target);
  const fd = fsSync.openSync(tmp, 'wx', mode);
  try {
    fsSync.fchmodSync(fd, mode);
    fsSync.writeFileSync(fd, data);
    fsSync.fsyncSync(fd);
  } catch (e) {
    fsSync.closeSync(fd);
    fsSync.rmSync(tmp, { force: true });
    throw e;
  }
  fsSync.closeSync(fd);
  fsSync.renameSync(tmp, target);
  fsyncDirSync(path.dirname(target));
}

/**
 * Finishes or discards what a crash interrupted in `dir`: completes the renames of a complete
 * intent, then removes leftover temporary files. Returns what it did, for the log.
 */
export function recoverCommitsSync(dir: string): { completed: string[]; removed: string[] } {
  const completed: string[] = [];
  const intentFile = path.join(dir, INTENT);
  if (fsSync.existsSync(intentFile)) {
    let entries: IntentEntry[] = [];
    try {
      entries = JSON.parse(fsSync.readFileSync(intentFile, 'utf8')) as IntentEntry[];
    } catch {
      entries = []; // cut short while being written: no rename had started
    }
    const safe = entries.filter((e) => path.basename(e.tmp) === e.tmp && path.basename(e.final) === e.final);
    const hashOf = (name: string) => {
      const file = path.join(dir, name);
      return fsSync.existsSync(file) ? sha256(fsSync.readFileSync(file, 'utf8')) : null;
    };
    // Complete only when every file is either a complete temporary file or already in place.
    const ready =
      safe.length > 0 &&
      safe.every(
        (e) =>
          hashOf(e.tmp) === e.sha256 || (!fsSync.existsSync(path.join(dir, e.tmp)) && hashOf(e.final) === e.sha256),
      );
    if (ready)
      for (const e of safe) {
        if (!fsSync.existsSync(path.join(dir, e.tmp))) continue;
        fsSync.renameSync(path.join(dir, e.tmp), path.join(dir, e.final));
        completed.push(e.final);
      }
    fsSync.rmSync(intentFile, { force: true });
  }
  const removed: string[] = [];
  for (const name of fsSync.existsSync(dir) ? fsSync.readdirSync(dir) : []) {
    if (!TEMP.test(name)) continue;
    fsSync.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  if (completed.length || removed.length) fsyncDirSync(dir);
  return { completed, removed };
}
