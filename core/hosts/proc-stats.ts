/**
 * Memory and CPU of a process from /proc (Linux). Resident size alone overstates a Node process:
 * about 30 MB of it are the node binary's pages, shared with every other Node process. PSS (each
 * shared page divided among the processes mapping it) adds up correctly across processes, and USS
 * (private pages only) is what killing the process would give back.
 */
import fs from 'node:fs';

const PAGE = 4096;

/** Resident and anonymous resident bytes from /proc/<pid>/statm (one cheap read). */
export function residentOf(pid: number): { rss: number; anon: number } | null {
  try {
    const [, resident, shared] = fs.readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ').map(Number);
    return { rss: resident! * PAGE, anon: (resident! - shared!) * PAGE };
  } catch {
    return null;
  }
}

export interface MemoryFigures {
  rss: number;
  pss: number;
  /** Private pages (clean and dirty): what the process alone costs. */
  uss: number;
}

/** RSS, PSS and USS in bytes from /proc/<pid>/smaps_rollup; null when the process is gone. */
export function memoryOf(pid: number): MemoryFigures | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
  } catch {
    return null;
  }
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { rss: kb('Rss'), pss: kb('Pss'), uss: kb('Private_Clean') + kb('Private_Dirty') };
}

/** CPU time (user + system) in milliseconds from /proc/<pid>/stat; null when the process is gone. */
export function cpuMsOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** The children of a process (all its threads' children), from /proc. */
export function childrenOf(pid: number): number[] {
  try {
    return fs
      .readdirSync(`/proc/${pid}/task`)
      .flatMap((tid) => fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').trim().split(/\s+/))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** A process and every process below it. */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  const queue = childrenOf(pid);
  while (queue.length && out.length < 10_000) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...childrenOf(p));
  }
  return out;
}
