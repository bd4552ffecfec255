/** Reading a config file together with the facts that tell whether it changed since (size, mtime, inode). */
import crypto from 'node:crypto';
import fs from 'node:fs';

export interface Stamp {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
}

export interface StampedText {
  text: string;
  stamp: Stamp;
  hash: string;
}

export const hashText = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

const stampOf = (st: fs.BigIntStats): Stamp => ({ size: Number(st.size), mtimeNs: st.mtimeNs, ino: st.ino });

export function statStamp(file: string): Stamp | null {
  const st = fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  return st ? stampOf(st) : null;
}

export const sameStamp = (a: Stamp | null, b: Stamp | null) =>
  a === b || (!!a && !!b && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ino === b.ino);

/** Why a file that is there cannot be read, as its error code says (`EACCES`, `EISDIR`, ...). */
export const unreadableReason = (e: unknown): string => {
  const err = e as NodeJS.ErrnoException;
  return err.code ? `${err.code}: ${err.syscall ?? 'read'} failed` : String(err.message ?? err);
};

/** Reads through one descriptor, so the stamp describes exactly the bytes read. */
export function readStamped(file: string): StampedText | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    const stamp = stampOf(fs.fstatSync(fd, { bigint: true }));
    const text = fs.readFileSync(fd, 'utf8');
    return { text, stamp, hash: hashText(text) };
  } finally {
    fs.closeSync(fd);
  }
}
