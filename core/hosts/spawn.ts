/**
 * A host process as the supervisor sees it, whoever started it: this process (`spawnDirect`), or
 * the host launcher, a root child of the display that starts hosts as their own user once the
 * display has given up root (launcher/client.ts). Both give the same streams (stdout and stderr,
 * the host's log; fd 3, its channel) and the same controls, so nothing above knows which.
 */
import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { wrapCommand, type Confinement, type ResourceLimits } from './confine.ts';
import { renice } from './demote.ts';
import { childrenOf, memoryOf, type MemoryFigures } from './proc-stats.ts';
import type { HostLaunch } from './runtime.ts';

export type ExitListener = (code: number | null, signal: NodeJS.Signals | null) => void;

export interface HostProc {
  /** The outermost process (the confinement's wrapper, or the host itself without one). */
  pid: number;
  stdout: Readable;
  stderr: Readable;
  /** The host's fd 3: the protocol's socket. */
  channel: Socket;
  /** The host itself: process 1 of its PID namespace, the wrapper's child; null once gone. */
  hostPid(): number | null;
  onExit(listener: ExitListener): void;
  /** Kills the host and its wrapper at once. */
  kill(): void;
  /** Sets every thread of the host to `nice` (only ever raised); false when it could not be asked. */
  renice(nice: number): boolean;
  /** Host and wrapper together; through the launcher, its newest answer (asked again on each call). */
  memory(): MemoryFigures | null;
}

export type HostSpawner = (launch: HostLaunch, confinement: Confinement, limits: ResourceLimits) => Promise<HostProc>;

/** The host's pid: the wrapper's child inside a PID namespace, else the wrapper itself. */
export function hostPidOf(wrapper: number, namespaced: boolean): number | null {
  return namespaced ? (childrenOf(wrapper)[0] ?? null) : wrapper;
}

/** RSS, PSS and USS of the host and its wrapper added up (the wrapper costs under a megabyte). */
export function figuresOf(pids: Array<number | null>): MemoryFigures | null {
  const mem = pids.flatMap((p) => (p ? [memoryOf(p)] : [])).filter((m) => m !== null);
  if (!mem.length) return null;
  const sum = (k: keyof MemoryFigures) => mem.reduce((n, m) => n + m[k], 0);
  return { rss: sum('rss'), pss: sum('pss'), uss: sum('uss') };
}

/**
 * Starts a host from this process: the runtime's command inside the platform's wrappers, as the
 * hosts' user when this process is root, with nothing on stdin, its output piped (its log) and a
 * socket on fd 3. Rejects when the command could not be started.
 */
export function spawnDirect(launch: HostLaunch, confinement: Confinement, limits: ResourceLimits): Promise<HostProc> {
  const { command, args } = wrapCommand(launch, confinement, limits);
  const user = confinement.user;
  const proc = spawn(command, args, {
    env: launch.env,
    cwd: launch.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
  const namespaced = !!confinement.tools.unshare;
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('spawn', () => {
      proc.off('error', reject);
      // An error after the start (a failed kill) changes nothing the exit does not say.
      proc.on('error', () => {});
      const pid = proc.pid!;
      const hostPid = () => hostPidOf(pid, namespaced);
      let ended: Parameters<ExitListener> | null = null;
      proc.once('exit', (code, signal) => (ended = [code, signal]));
      resolve({
        pid,
        stdout: proc.stdout!,
        stderr: proc.stderr!,
        channel: proc.stdio[3] as Socket,
        hostPid,
        onExit: (listener) => (ended ? listener(...ended) : void proc.once('exit', listener)),
        kill: () => (killNow(hostPid()), killNow(pid)),
        renice: (nice) => {
          const p = hostPid();
          return p !== null && renice(p, nice);
        },
        memory: () => figuresOf([hostPid(), pid]),
      });
    });
  });
}

/** Calls `done` once the process exited and its stderr was read to the end (its last words), or 100 ms after exit. */
export function onceEnded(proc: HostProc, done: ExitListener) {
  proc.onExit((code, signal) => {
    const report = () => done(code, signal);
    if (proc.stderr.readableEnded || proc.stderr.destroyed) return report();
    const timer = setTimeout(report, 100);
    proc.stderr.once('end', () => (clearTimeout(timer), setImmediate(report)));
  });
}

export function killNow(pid: number | null | undefined) {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}
