/**
 * Crash-safe file replacement. Every write goes to a temporary file in the target's own folder
 * (same file system, so the rename is atomic), is flushed to disk, then renamed over the target and
 * the folder itself is flushed, so the name points at the old or the new complete file at every
 * instant, even under kill -9 or a power cut.
 *
 * Several files committed together (config + secrets) are made all-or-nothing by an intent file
 * written after every temporary file is complete and before the first rename: recovery (run before
 * the files are first read) completes the renames it lists. Without an intent, leftover temporary
 * files are debris of an unfinished write and are removed.
 *
 * This module depends on node only, so the crash tests can run it in a bare child process.
 */
import crypto from 'node:crypto';
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

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

async function writeTemp(target: string, data: string, mode: number): Promise<string> {
  const tmp = tempPath(target);
  const fh = await fs.open(tmp, 'wx', mode);
  try {
    // The umask may have narrowed the mode given to open; chmod makes it exact.
    await fh.chmod(mode);
    await fh.writeFile(data);
    await fh.sync();
  } catch (e) {
    await fh.close().catch(() => {});
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await fh.close();
  return tmp;
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeIntent(dir: string, renames: Array<[string, string]>): Promise<void> {
  const target = path.join(dir, INTENT);
  const tmp = await writeTemp(target, JSON.stringify(renames), 0o600);
  await fs.rename(tmp, target);
  // The intent must be on disk before any rename it describes can be.
  await fsyncDir(dir);
}

/** Replaces every file in `writes` (all in one folder): each old-or-new always, all together after recovery. */
export async function commitFiles(writes: FileWrite[]): Promise<void> {
  if (!writes.length) return;
  const dir = path.dirname(writes[0]!.path);
  if (writes.some((w) => path.dirname(w.path) !== dir)) throw new TypeError('commitFiles: files must share a folder');
  const temps = await Promise.all(writes.map((w) => writeTemp(w.path, w.data, w.mode ?? 0o644)));
  let renamed = 0;
  try {
    if (writes.length > 1)
      await writeIntent(
        dir,
        temps.map((t, i) => [path.basename(t), path.basename(writes[i]!.path)]),
      );
    for (; renamed < writes.length; renamed++) await fs.rename(temps[renamed]!, writes[renamed]!.path);
    await fsyncDir(dir);
  } catch (e) {
    await Promise.all(temps.slice(renamed).map((t) => fs.rm(t, { force: true })));
    await fs.rm(path.join(dir, INTENT), { force: true });
    throw e;
  }
  if (writes.length > 1) await fs.rm(path.join(dir, INTENT), { force: true });
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

export function fsyncDirSync(dir: string): void {
  const fd = fsSync.openSync(dir, 'r');
  try {
    fsSync.fsyncSync(fd);
  } finally {
    fsSync.closeSync(fd);
  }
}

/**
 * Finishes or discards what a crash interrupted in `dir`: completes the renames of a complete
 * intent, then removes leftover temporary files. Returns what it did, for the log.
 */
export function recoverCommitsSync(dir: string): { completed: string[]; removed: string[] } {
  const completed: string[] = [];
  const removed: string[] = [];
  const intentFile = path.join(dir, INTENT);
  if (fsSync.existsSync(intentFile)) {
    let renames: Array<[string, string]> = [];
    try {
      renames = JSON.parse(fsSync.readFileSync(intentFile, 'utf8')) as Array<[string, string]>;
    } catch {
      renames = [];
    }
    for (const [tmp, final] of renames) {
      if (path.basename(tmp) !== tmp || path.basename(final) !== final) continue;
      if (!fsSync.existsSync(path.join(dir, tmp))) continue;
      fsSync.renameSync(path.join(dir, tmp), path.join(dir, final));
      completed.push(final);
    }
    fsSync.rmSync(intentFile, { force: true });
  }
  for (const name of fsSync.existsSync(dir) ? fsSync.readdirSync(dir) : []) {
    if (!TEMP.test(name)) continue;
    fsSync.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  if (completed.length || removed.length) fsyncDirSync(dir);
  return { completed, removed };
}
