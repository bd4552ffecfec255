import fs from 'node:fs';
import os from 'node:os';

/** Nice value of a host that keeps a core busy: far below the hosts that behave (nice 10). */
export const DEMOTED_NICE = 19;

/**
 * Watches a host's main thread once a second; one that wanted a core all the time for `seconds` in a
 * row (running, or waiting only for a CPU to run on: a busy machine does not hide a spinning
 * plugin) is moved to nice 19, every thread of it, for the rest of its life. Hosts share nice 10, so
 * without this a spinning plugin would take half the CPU the plugin on screen needs; raising a
 * nice value is allowed to any user, lowering it back is not, so a host is never promoted again.
 */
export function createDemoter(opts: { busyShare?: number; seconds?: number } = {}) {
  const busyShare = opts.busyShare ?? 0.8;
  const seconds = opts.seconds ?? 3;
  let last: { at: number; cpuMs: number } | null = null;
  let busyFor = 0;
  let demoted = false;
  return {
    /**
     * One look at host `pid` at performance time `at`; true when it was demoted now. `lower` sets
     * the host's nice value (the launcher does it for a host of another user).
     */
    sample(pid: number, at: number, lower = (nice: number) => renice(pid, nice)): boolean {
      if (demoted) return false;
      const cpuMs = wantedMs(pid);
      if (cpuMs === null) return false;
      const share = last && at > last.at ? (cpuMs - last.cpuMs) / (at - last.at) : 0;
      last = { at, cpuMs };
      busyFor = share >= busyShare ? busyFor + 1 : 0;
      if (busyFor < seconds) return false;
      demoted = lower(DEMOTED_NICE);
      return demoted;
    },
    demoted: () => demoted,
  };
}

/** Milliseconds the main thread of `pid` ran or waited to run, from /proc/<pid>/schedstat. */
function wantedMs(pid: number): number | null {
  try {
    const [run, wait] = fs.readFileSync(`/proc/${pid}/schedstat`, 'latin1').split(' ').map(Number);
    return (run! + wait!) / 1e6;
  } catch {
    return null;
  }
}

/** Sets the nice value of every thread of `pid` (on Linux a nice value belongs to a thread). */
export function renice(pid: number, nice: number): boolean {
  let tids: string[];
  try {
    tids = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  let done = false;
  for (const tid of tids) {
    try {
      os.setPriority(Number(tid), nice);
      done = true;
    } catch {
      // the thread ended meanwhile
    }
  }
  return done;
}
export type Demoter = ReturnType<typeof createDemoter>;
