/**
 * The host launcher's work: starts host commands as the hosts' user inside the platform's
 * wrappers, hands each host's stdout, stderr and fd 3 to the display, reports its exit, and kills,
 * renices and measures it on request. Acting on a host (signal, nice value, /proc figures that
 * need ptrace rights) is done under the hosts' own effective user, so the launcher uses no
 * capability beyond switching identity (CAP_SETUID, CAP_SETGID): no CAP_KILL, no CAP_SYS_PTRACE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { wrapCommand, type Confinement, type HostUser } from '../confine.ts';
import { renice } from '../demote.ts';
import { figuresOf, hostPidOf, killNow } from '../spawn.ts';
import { checkRequest, Refused, type LauncherConfig, type SpawnRequest } from './requests.ts';

export type Send = (message: Record<string, unknown>, handle?: Socket) => void;

/** Runs `fn` with the hosts' effective user and group, then root's again. */
export function asUser<T>(user: HostUser, fn: () => T): T {
  process.setegid!(user.gid);
  process.seteuid!(user.uid);
  try {
    return fn();
  } finally {
    process.seteuid!(0);
    process.setegid!(0);
  }
}

export function createLauncherService(o: {
  config: LauncherConfig;
  confinement: Confinement;
  /** `setpriv`, when there: each wrapper dies with the launcher (`--pdeathsig KILL`). */
  setpriv: string | null;
  send: Send;
}) {
  const hosts = new Map<number, ChildProcess>();
  const namespaced = !!o.confinement.tools.unshare;
  const user = o.config.user;

  function start(r: SpawnRequest) {
    const wrapped = wrapCommand(r.launch, { ...o.confinement, noNetwork: r.noNetwork }, r.limits);
    const cmd = o.setpriv
      ? [o.setpriv, '--pdeathsig', 'KILL', '--', wrapped.command, ...wrapped.args]
      : [wrapped.command, ...wrapped.args];
    const proc = spawn(cmd[0]!, cmd.slice(1), {
      env: r.launch.env,
      cwd: r.launch.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      uid: r.uid,
      gid: r.gid,
    });
    const streams = [proc.stdout, proc.stderr, proc.stdio[3]] as Socket[];
    // Node starts reading a child's pipes at once; what it read here would be lost when the
    // handle moves to the display. Stopped in this same turn, nothing is read before it moves.
    for (const s of streams) (s as unknown as { _handle?: { readStop(): void } })._handle?.readStop();
    let started = false;
    // After the start an error (a signal to a process already gone) changes nothing the exit does not say.
    proc.on('error', (e) => started || o.send({ t: 'refused', id: r.id, error: `could not start: ${e.message}` }));
    proc.once('spawn', () => {
      started = true;
      hosts.set(r.id, proc);
      o.send({ t: 'spawned', id: r.id, pid: proc.pid });
      streams.forEach((s, i) => o.send({ t: 'stream', id: r.id, fd: i + 1 }, s));
      proc.once('exit', (code, signal) => {
        hosts.delete(r.id);
        o.send({ t: 'exit', id: r.id, code, signal });
      });
    });
  }

  function act(t: 'kill' | 'renice' | 'memory', id: number, nice = 0) {
    const proc = hosts.get(id);
    if (!proc?.pid) return t === 'memory' ? o.send({ t, id, figures: null }) : undefined;
    const wrapper = proc.pid;
    const host = hostPidOf(wrapper, namespaced);
    if (t === 'kill') return asUser(user, () => (killNow(host), killNow(wrapper)));
    if (t === 'renice') return o.send({ t, id, ok: host !== null && asUser(user, () => renice(host, nice)) });
    o.send({ t, id, figures: asUser(user, () => figuresOf([host, wrapper])) });
  }

  return {
    /** One message from the display: acted on, or refused with the reason. */
    handle(raw: unknown) {
      try {
        const r = checkRequest(raw, o.config);
        if (r.t === 'spawn') return hosts.has(r.id) ? o.send({ t: 'refused', id: r.id, error: 'id in use' }) : start(r);
        act(r.t, r.id, r.t === 'renice' ? r.nice : 0);
      } catch (e) {
        if (!(e instanceof Refused)) throw e;
        const id = (raw as { id?: unknown } | null)?.id;
        o.send({ t: 'refused', id: typeof id === 'number' ? id : null, error: e.message });
      }
    },
    /** Kills every host it started (the display is gone). */
    killAll() {
      for (const proc of hosts.values()) {
        const host = proc.pid ? hostPidOf(proc.pid, namespaced) : null;
        asUser(user, () => (killNow(host), killNow(proc.pid)));
      }
    },
    running: () => hosts.size,
  };
}
