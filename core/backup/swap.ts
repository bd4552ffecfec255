/**
 * Moving a restore's files into place and back. For each item, in order: what is at the target
 * moves to `old/<index>`, then the backup's copy moves in; every rename is within one file system,
 * so each is atomic. Whether an item moved is read from the disk (is the backup's copy still in
 * `new/`?), so finishing or undoing after a crash at any instant ends in one state or the other.
 * Synchronous on purpose: recovery runs before the config store opens its files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fsyncDirSync } from '../platform/fsync.ts';
import type { RestoreItem } from './journal.ts';

export interface RestorePaths {
  dir: string;
  newDir: string;
  oldDir: string;
}

export const restorePaths = (dir: string): RestorePaths => ({
  dir,
  newDir: path.join(dir, 'new'),
  oldDir: path.join(dir, 'old'),
});

const there = (p: string) => fs.existsSync(p) || !!fs.lstatSync(p, { throwIfNoEntry: false });
const source = (p: RestorePaths, item: RestoreItem) => path.join(p.newDir, ...item.entry.split('/'));
const aside = (p: RestorePaths, i: number) => path.join(p.oldDir, String(i));

/** Makes the renames durable: the target's folder, and the folder the old copy went to. */
function flush(item: RestoreItem, p: RestorePaths) {
  for (const dir of [path.dirname(item.target), p.oldDir]) if (fs.existsSync(dir)) fsyncDirSync(dir);
}

/** Moves one item in: the target aside (if any), then the backup's copy into place. */
export function moveIn(p: RestorePaths, item: RestoreItem, i: number, onStep?: (step: string) => void): void {
  fs.mkdirSync(p.oldDir, { recursive: true });
  fs.mkdirSync(path.dirname(item.target), { recursive: true });
  if (!there(source(p, item))) return;
  if (item.hadOld && there(item.target) && !there(aside(p, i))) {
    fs.renameSync(item.target, aside(p, i));
    onStep?.(`aside:${item.entry}`);
  }
  // A target that appeared after the journal was written (nothing should write it meanwhile) is kept aside too.
  if (there(item.target)) fs.renameSync(item.target, `${aside(p, i)}.late`);
  fs.renameSync(source(p, item), item.target);
  flush(item, p);
  onStep?.(`in:${item.entry}`);
}

/** Undoes one item: the backup's copy back out (if it moved in), what was there back into place. */
export function moveBack(p: RestorePaths, item: RestoreItem, i: number): void {
  const movedIn = !there(source(p, item));
  if (movedIn && there(item.target)) {
    fs.mkdirSync(path.dirname(source(p, item)), { recursive: true });
    fs.renameSync(item.target, source(p, item));
  }
  if (item.hadOld && !there(item.target) && there(aside(p, i))) fs.renameSync(aside(p, i), item.target);
  flush(item, p);
}

export function discard(p: RestorePaths): void {
  fs.rmSync(p.dir, { recursive: true, force: true });
}
