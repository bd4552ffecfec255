/**
 * Counts the fsync and fdatasync calls a running process makes while `work` runs, with strace
 * attached to all its threads (libuv's pool makes the async ones): counted, never timed, since a
 * traced process is slower. Each call is classed by what it synced: a folder, the database (its
 * file or WAL), or another file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const STRACE = '/usr/bin/strace';

export interface SyncCount {
  folders: number;
  database: number;
  files: number;
}

function classify(lines: string[]): SyncCount {
  const count: SyncCount = { folders: 0, database: 0, files: 0 };
  for (const line of lines) {
    const m = /f(?:data)?sync\(\d+<([^>]+)>\)\s+=\s+0/.exec(line);
    if (!m) continue;
    const target = m[1]!;
    if (/marquee\.db(-wal|-journal)?$/.test(target)) count.database++;
    else if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory()) count.folders++;
    else count.files++;
  }
  return count;
}

/** Runs `work` with `pid` traced; resolves with the syncs it made. */
export async function countSyncs(pid: number, work: () => Promise<void>): Promise<SyncCount> {
  if (!fs.existsSync(STRACE)) throw new Error(`${STRACE} is needed to count syncs (apt-get install strace)`);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-strace-')), 'trace.txt');
  const tracer = spawn(STRACE, ['-f', '-y', '-p', String(pid), '-e', 'trace=fsync,fdatasync', '-o', out], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => tracer.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    tracer.stderr!.on('data', (d: Buffer) => /attached/.test(d.toString()) && resolve());
    tracer.once('exit', (code) => reject(new Error(`strace could not attach to ${pid} (exit ${code})`)));
  });
  // Its threads are attached one after another: the pool threads that run async syncs too.
  await new Promise((r) => setTimeout(r, 300));
  try {
    await work();
  } finally {
    tracer.kill('SIGINT');
    await exited;
  }
  const lines = fs.readFileSync(out, 'utf8').split('\n');
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  return classify(lines);
}
