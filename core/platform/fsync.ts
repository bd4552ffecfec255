/**
 * Flushing to disk: what makes a written file, or a name created, renamed or removed in a folder,
 * survive a power cut. A rename is atomic but not durable until its folder is flushed, so every
 * crash-safe write ends by flushing the folder it renamed in.
 */
import fs from 'node:fs';

/**
 * fsync(2) of an open descriptor on libuv's threads: the one step of a write that waits for the
 * disk. Through `fs.fsync` itself (not a FileHandle), so a test that wraps it sees every flush.
 */
export const fsyncFd = (fd: number): Promise<void> =>
  new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(e) : resolve())));

/**
 * Flushes a folder, so the names created, renamed or removed in it are on disk. Opening and closing
 * take microseconds and are done in place; only the flush goes to libuv's threads.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const fd = fs.openSync(dir, 'r');
  try {
    await fsyncFd(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** `fsyncDir` for code that must stay synchronous (start-up, crash recovery, a restore's file moves). */
export function fsyncDirSync(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
