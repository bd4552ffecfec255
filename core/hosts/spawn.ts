import { spawn, type ChildProcess } from 'node:child_process';
import { wrapCommand, type Confinement, type ResourceLimits } from './confine.ts';
import type { HostLaunch } from './runtime.ts';

/**
 * Starts a host: the runtime's command inside the platform's wrappers, as the hosts' user when
 * Marquee runs as root, with nothing on stdin, its output piped (its log) and a socket on fd 3.
 */
export function spawnHost(launch: HostLaunch, confinement: Confinement, limits: ResourceLimits): ChildProcess {
  const { command, args } = wrapCommand(launch, confinement, limits);
  const user = confinement.user;
  return spawn(command, args, {
    env: launch.env,
    cwd: launch.cwd,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    ...(user ? { uid: user.uid, gid: user.gid } : {}),
  });
}

/** Calls `done` once the process exited and its stderr was read to the end (its last words), or 100 ms after exit. */
export function onceEnded(proc: ChildProcess, done: (code: number | null, signal: NodeJS.Signals | null) => void) {
  proc.on('exit', (code, signal) => {
    const report = () => done(code, signal);
    if (!proc.stderr || proc.stderr.readableEnded) return report();
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
