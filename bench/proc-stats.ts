/**
 * What /proc says of a process: its memory (resident, and the part no other process shares: the
 * heap and everything it allocated, without the node binary's pages that every node process maps)
 * and the CPU time of it and every process below it.
 */
import fs from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

export interface Memory {
  /** Resident set, MB. */
  rssMb: number;
  /** Anonymous memory (heap, stacks, buffers), MB. */
  anonMb: number;
  /** Private_Clean + Private_Dirty of smaps_rollup, MB: what ending the process would free. */
  privateMb: number;
}

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;

export function memoryOf(pid: number): Memory {
  const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? NaN);
  return {
    rssMb: mb(kb('Rss')),
    anonMb: mb(kb('Anonymous')),
    privateMb: mb(kb('Private_Clean') + kb('Private_Dirty')),
  };
}

/** `pid` and every process below it. */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const task = `/proc/${out[i]}/task`;
    let tids: string[] = [];
    try {
      tids = fs.readdirSync(task);
    } catch {
      continue; // ended meanwhile
    }
    for (const tid of tids) {
      const children = fs.readFileSync(`${task}/${tid}/children`, 'utf8').trim();
      if (children) out.push(...children.split(/\s+/).map(Number));
    }
  }
  return out;
}

/** User + system CPU seconds a process has used so far (0 once it has ended). */
export function cpuSeconds(pid: number): number {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // Fields after the command name, which may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/**
 * CPU used by `pid` and its descendants over `ms` at rest, as a percentage of one core. Processes
 * that start or end meanwhile count for the part seen.
 */
export async function idleCpu(pid: number, ms: number): Promise<{ percent: number; processes: number }> {
  const before = new Map(processTree(pid).map((p) => [p, cpuSeconds(p)]));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const after = processTree(pid);
  const elapsedS = (performance.now() - t0) / 1000;
  const used = after.reduce((s, p) => s + cpuSeconds(p) - (before.get(p) ?? 0), 0);
  return { percent: Math.round((1000 * used) / elapsedS) / 10, processes: after.length };
}
