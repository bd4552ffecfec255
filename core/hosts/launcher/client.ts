/**
 * The display's end of the host launcher (main.ts): forked while the display is still root, it
 * gives the display a `HostSpawner` whose hosts run as the hosts' user. Each host arrives as its
 * wrapper's pid and its three streams (handles passed over the channel); exit, kill, renice and
 * memory figures go through the launcher, everything else (the protocol on fd 3, the log lines)
 * stays between the display and the host.
 */
import { fork } from 'node:child_process';
import { Socket } from 'node:net';
import path from 'node:path';
import { BUNDLED, PROJECT_ROOT } from '../../../hono.config.ts';
import type { Confinement, HostUser } from '../confine.ts';
import { nodeHostScript } from '../node/host-script.ts';
import type { MemoryFigures } from '../proc-stats.ts';
import { PYTHON_HOST_DIR } from '../python/command.ts';
import { DEFAULT_PYTHON } from '../python/runtime-check.ts';
import { hostPidOf, type ExitListener, type HostProc, type HostSpawner } from '../spawn.ts';
import type { LauncherConfig } from './requests.ts';

export interface Launcher {
  pid: number;
  /** Probed by the launcher as the hosts' user. */
  confinement: Confinement;
  spawn: HostSpawner;
  /** Closes the channel: the launcher kills the hosts still running and exits. */
  close(): Promise<void>;
}

type Message = Record<string, unknown> & { t?: string; id?: number };

interface Slot {
  pid: number | null;
  streams: Array<Socket | undefined>;
  listeners: ExitListener[];
  ended: Parameters<ExitListener> | null;
  figures: MemoryFigures | null;
  asking: boolean;
  settle: { resolve(p: HostProc): void; reject(e: Error): void } | null;
}

export const launcherModule = () =>
  BUNDLED
    ? path.join(PROJECT_ROOT, 'dist', 'host-launcher.mjs')
    : path.join(PROJECT_ROOT, 'core', 'hosts', 'launcher', 'main.ts');

/** Forks the launcher (this process must be root) and waits for its word that it is ready. */
export async function startLauncher(o: {
  user: HostUser;
  python?: string;
  /** The launcher ended while the display still needed it (its hosts died with it). */
  onLost(reason: string): void;
}): Promise<Launcher> {
  const config: LauncherConfig = {
    user: o.user,
    node: { command: process.execPath, script: await nodeHostScript() },
    python: { interpreters: [...new Set([o.python ?? DEFAULT_PYTHON, DEFAULT_PYTHON])], hostDir: PYTHON_HOST_DIR },
  };
  const module = launcherModule();
  const child = fork(module, [JSON.stringify(config)], {
    execArgv: [...(module.endsWith('.ts') ? ['--import', 'tsx'] : []), '--max-semi-space-size=1'],
    env: { PATH: '/usr/bin:/bin', MALLOC_ARENA_MAX: '2' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const slots = new Map<number, Slot>();
  let seq = 0;
  let closing = false;
  const send = (m: Message) => child.connected && child.send(m, undefined, {}, () => {});

  const confinement = await new Promise<Confinement>((resolve, reject) => {
    const early = (code: number | null) => reject(new Error(`the host launcher exited at start (code ${code})`));
    child.once('exit', early);
    child.once('message', (m: Message) => {
      child.off('exit', early);
      if (m.t === 'ready') resolve(m.confinement as Confinement);
      else reject(new Error(`the host launcher said ${JSON.stringify(m).slice(0, 200)} instead of ready`));
    });
  });

  function proc(id: number, s: Slot): HostProc {
    const [stdout, stderr, channel] = s.streams as Socket[];
    return {
      pid: s.pid!,
      stdout: stdout!,
      stderr: stderr!,
      channel: channel!,
      hostPid: () => (s.ended ? null : hostPidOf(s.pid!, !!confinement.tools.unshare)),
      onExit: (l) => (s.ended ? l(...s.ended) : void s.listeners.push(l)),
      kill: () => void send({ t: 'kill', id }),
      renice: (nice) => !s.ended && send({ t: 'renice', id, nice }),
      memory() {
        if (!s.asking && !s.ended) s.asking = send({ t: 'memory', id });
        return s.figures;
      },
    };
  }

  function settleIfReady(id: number, s: Slot) {
    if (!s.settle || s.pid === null || s.streams.filter(Boolean).length < 3) return;
    s.settle.resolve(proc(id, s));
    s.settle = null;
  }

  function ended(id: number, s: Slot, code: number | null, signal: NodeJS.Signals | null) {
    slots.delete(id);
    s.ended = [code, signal];
    for (const l of s.listeners.splice(0)) l(code, signal);
  }

  child.on('message', (m: Message, handle: unknown) => {
    const s = typeof m.id === 'number' ? slots.get(m.id) : undefined;
    if (!s) return handle instanceof Socket && handle.destroy();
    const id = m.id!;
    if (m.t === 'spawned') s.pid = Number(m.pid);
    else if (m.t === 'stream' && handle instanceof Socket) s.streams[Number(m.fd) - 1] = handle;
    else if (m.t === 'refused') (slots.delete(id), s.settle?.reject(new Error(`launcher refused: ${m.error}`)));
    else if (m.t === 'memory') ((s.figures = (m.figures as MemoryFigures | null) ?? null), (s.asking = false));
    else if (m.t === 'exit') ended(id, s, m.code as number | null, m.signal as NodeJS.Signals | null);
    settleIfReady(id, s);
  });

  const gone = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      // The hosts' wrappers die with the launcher (parent-death signal); their ends are reported.
      for (const [id, s] of slots) {
        s.settle?.reject(new Error('the host launcher is gone'));
        ended(id, s, null, 'SIGKILL');
      }
      if (!closing) o.onLost(`the host launcher exited (code ${code}, signal ${signal})`);
      resolve();
    }),
  );

  return {
    pid: child.pid!,
    confinement,
    spawn: (launch, c, limits) =>
      new Promise<HostProc>((resolve, reject) => {
        const id = ++seq;
        slots.set(id, {
          pid: null,
          streams: [],
          listeners: [],
          ended: null,
          figures: null,
          asking: false,
          settle: { resolve, reject },
        });
        const { uid, gid } = c.user ?? o.user;
        if (!send({ t: 'spawn', id, uid, gid, launch, limits, noNetwork: !!c.noNetwork }))
          (slots.delete(id), reject(new Error('the host launcher is gone')));
      }),
    async close() {
      closing = true;
      if (child.connected) child.disconnect();
      await gone;
    },
  };
}
