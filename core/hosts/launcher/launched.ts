/**
 * The hosts the launcher started for this display, as `HostProc`s: each is put together from the
 * launcher's messages (its wrapper's pid, then its three streams as handles) and afterwards hears
 * its exit and memory figures from them; kill, renice and memory are requests to the launcher.
 */
import { Socket } from 'node:net';
import type { ResourceLimits } from '../confine.ts';
import type { MemoryFigures } from '../proc-stats.ts';
import type { HostLaunch } from '../runtime.ts';
import { hostPidOf, type ExitListener, type HostProc } from '../spawn.ts';

export type Message = Record<string, unknown> & { t?: string; id?: number };

interface Slot {
  pid: number | null;
  streams: Array<Socket | undefined>;
  listeners: ExitListener[];
  ended: Parameters<ExitListener> | null;
  figures: MemoryFigures | null;
  asking: boolean;
  settle: { resolve(p: HostProc): void; reject(e: Error): void } | null;
}

/** `send` gives a message to the launcher, false when its channel is closed. */
export function createLaunchedHosts(send: (m: Message) => boolean, namespaced: boolean) {
  const slots = new Map<number, Slot>();
  let seq = 0;

  function proc(id: number, s: Slot): HostProc {
    const [stdout, stderr, channel] = s.streams as Socket[];
    return {
      pid: s.pid!,
      stdout: stdout!,
      stderr: stderr!,
      channel: channel!,
      hostPid: () => (s.ended ? null : hostPidOf(s.pid!, namespaced)),
      onExit: (l) => (s.ended ? l(...s.ended) : void s.listeners.push(l)),
      kill: () => void send({ t: 'kill', id }),
      renice: (nice) => !s.ended && send({ t: 'renice', id, nice }),
      memory() {
        if (!s.asking && !s.ended) s.asking = send({ t: 'memory', id });
        return s.figures;
      },
    };
  }

  function ended(id: number, s: Slot, code: number | null, signal: NodeJS.Signals | null) {
    slots.delete(id);
    s.ended = [code, signal];
    for (const l of s.listeners.splice(0)) l(code, signal);
  }

  return {
    /** Asks for a host; resolves once its pid and streams are all here. */
    spawn(user: { uid: number; gid: number }, launch: HostLaunch, limits: ResourceLimits, noNetwork: boolean) {
      return new Promise<HostProc>((resolve, reject) => {
        const id = ++seq;
        const slot: Slot = {
          pid: null,
          streams: [],
          listeners: [],
          ended: null,
          figures: null,
          asking: false,
          settle: null,
        };
        slot.settle = { resolve, reject };
        slots.set(id, slot);
        if (!send({ t: 'spawn', id, uid: user.uid, gid: user.gid, launch, limits, noNetwork }))
          (slots.delete(id), reject(new Error('the host launcher is gone')));
      });
    },
    /** One message from the launcher, with the handle it carried. */
    receive(m: Message, handle: unknown) {
      const s = typeof m.id === 'number' ? slots.get(m.id) : undefined;
      if (!s) return void (handle instanceof Socket && handle.destroy());
      const id = m.id!;
      if (m.t === 'spawned') s.pid = Number(m.pid);
      else if (m.t === 'stream' && handle instanceof Socket) s.streams[Number(m.fd) - 1] = handle;
      else if (m.t === 'refused') (slots.delete(id), s.settle?.reject(new Error(`launcher refused: ${m.error}`)));
      else if (m.t === 'memory') ((s.figures = (m.figures as MemoryFigures | null) ?? null), (s.asking = false));
      else if (m.t === 'exit') ended(id, s, m.code as number | null, m.signal as NodeJS.Signals | null);
      if (s.settle && s.pid !== null && s.streams.filter(Boolean).length === 3) {
        s.settle.resolve(proc(id, s));
        s.settle = null;
      }
    },
    /** The launcher is gone: its hosts died with it (their wrappers' parent-death signal). */
    endAll() {
      for (const [id, s] of slots) {
        s.settle?.reject(new Error('the host launcher is gone'));
        ended(id, s, null, 'SIGKILL');
      }
    },
  };
}
