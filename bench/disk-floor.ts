/**
 * What the disk alone costs a durable save, timed in the folder the server writes to: a file of
 * the same size written under a temporary name, flushed, renamed over its target, and the folder
 * flushed. Every settings change must do at least that before it is answered, so the save figures
 * are read against it, as the API figures are read against a bare server in the same run.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir } from '../core/platform/fsync.ts';

async function replaceOnce(dir: string, data: Buffer): Promise<void> {
  const target = path.join(dir, '.bench-floor.json');
  const temp = `${target}.tmp`;
  const fh = await fs.open(temp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(temp, target);
  await fsyncDir(dir);
}

/** Milliseconds of `count` durable replacements of a `bytes`-long file in `dir`, one after another. */
export async function durableReplaceTimes(dir: string, bytes: number, count: number): Promise<number[]> {
  const data = Buffer.alloc(bytes, 0x20);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await replaceOnce(dir, data);
      times.push(performance.now() - t0);
    }
  } finally {
    await fs.rm(path.join(dir, '.bench-floor.json'), { force: true });
  }
  return times;
}
