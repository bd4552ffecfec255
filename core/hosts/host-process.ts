/**
 * One plugin host as the display sees it: a child process started through the platform's
 * confinement, spoken to over the socket on its fd 3. Every request gets a deadline; a host that
 * misses one, breaks the protocol or exits is gone, and every request still in flight settles as
 * lost. Nothing here waits on the host: requests are promises the caller may or may not await.
 */
import { routeNotice } from './host-notices.ts';
import { createHostOutput } from './host-output.ts';
import { createChannel, type Channel } from './channel.ts';
import type { Confinement, ResourceLimits } from './confine.ts';
import type { HostFacts, InitReply, Outcome, PluginLogLevel } from './messages.ts';
import { PROTOCOL_VERSION, type Message, type Received } from './protocol.ts';
import type { HostLaunch } from './runtime.ts';
import { createDeadlines, type Pending, type RequestOptions } from './request-deadlines.ts';
import { onceEnded, spawnDirect, type HostProc, type HostSpawner } from './spawn.ts';

export type { RequestOptions };

export type DeathKind = 'crash' | 'hang' | 'memory' | 'protocol' | 'unconfined' | 'stopped';

export interface HostDeath {
  reason: string;
  kind: DeathKind;
  /** The plugin a kill was about (the request that missed its deadline, the sender of a bad message). */
  named: string | null;
  /** Plugins with a request in flight when the host went, oldest request first. */
  inFlight: string[];
  /** For each of them, what its oldest request in flight was (`update`, `render`, …). */
  during: Record<string, string>;
}

export interface HostEvents {
  death(d: HostDeath): void;
  log(pluginId: string | null, level: PluginLogLevel, message: string, fields?: Record<string, unknown>): void;
  cache(pluginId: string, key: string, value: string | null, expiresAt: number | null): void;
  live(pluginId: string, value: boolean): void;
}

export interface HostSpec {
  key: string;
  launch: HostLaunch;
  confinement: Confinement;
  limits: ResourceLimits;
  panel: { width: number; height: number };
  facts: HostFacts;
  cacheLimits: { cacheValueBytes: number; cacheEntries: number };
  initDeadlineMs: number;
  /** Plugins this host may speak for: messages naming another are ignored. */
  members: () => ReadonlySet<string>;
  /** Who starts the process: this one (the default), or the host launcher. */
  spawn?: HostSpawner;
}

export function createHostProcess(spec: HostSpec, on: HostEvents) {
  const pending = new Map<number, Pending>();
  const deadlines = createDeadlines(pending, (reason, named) => kill(reason, 'hang', named));
  const frameBytes = spec.panel.width * spec.panel.height * 3;
  const output = createHostOutput((level, line) => on.log(null, level, line));
  let child: HostProc | null = null;
  let channel: Channel | null = null;
  let hostPid: number | null = null;
  let seq = 0;
  let dead: HostDeath | null = null;
  let stopping = false;
  /** The plugin the host said is ending it (`exiting`), named in the death that follows. */
  let exiting: string | null = null;

  function finish(d: HostDeath) {
    if (dead) return;
    dead = d;
    channel?.destroy();
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: d.reason, cpuMs: 0, lost: true, code: `HOST_${d.kind.toUpperCase()}` });
    }
    pending.clear();
    on.death(d);
  }

  const oldestFirst = () => [...pending.values()].sort((a, b) => a.startedAt - b.startedAt);
  const inFlight = () => [...new Set(oldestFirst().map((p) => p.pluginId))];
  const during = () => {
    const out: Record<string, string> = {};
    for (const p of oldestFirst()) out[p.pluginId] ??= p.kind;
    return out;
  };

  const deathOf = (reason: string, kind: DeathKind, named: string | null): HostDeath => ({
    reason,
    kind,
    named,
    inFlight: inFlight(),
    during: during(),
  });

  function kill(reason: string, kind: DeathKind, named: string | null) {
    const d = deathOf(reason, kind, named);
    child?.kill();
    finish(d);
  }

  /** `init`, and the host's word that it is confined (a Node host without the permission model is refused). */
  async function handshake(): Promise<InitReply> {
    const limits = {
      cache_value_bytes: spec.cacheLimits.cacheValueBytes,
      cache_entries: spec.cacheLimits.cacheEntries,
    };
    const init = { t: 'init', protocol: PROTOCOL_VERSION, panel: spec.panel, facts: spec.facts, limits };
    const out = await request('', init, { deadlineMs: spec.initDeadlineMs });
    if (!out.ok) throw new Error(`host did not start: ${out.error}`);
    const reply = out.reply as unknown as InitReply;
    if (reply.runtime === 'node' && reply.confined?.permission !== true) {
      const why = "the plugin host is not confined: Node's permission model is not in force";
      kill(why, 'unconfined', null);
      throw Object.assign(new Error(why), { refused: true });
    }
    return reply;
  }

  function onMessage({ header: h, payload }: Received) {
    if (h.t === 'done' || h.t === 'error') {
      const p = pending.get(Number(h.id));
      if (!p) return;
      pending.delete(Number(h.id));
      clearTimeout(p.timer);
      const cpuMs = typeof h.cpu_ms === 'number' && h.cpu_ms >= 0 ? h.cpu_ms : 0;
      if (h.t === 'done') p.resolve({ ok: true, reply: h, cpuMs });
      else
        p.resolve({
          ok: false,
          error: String(h.message ?? h.code ?? 'failed'),
          cpuMs,
          rss: Number(h.rss_bytes),
          code: typeof h.code === 'string' ? h.code : undefined,
        });
    } else if (h.t === 'frame') {
      const p = pending.get(Number(h.id));
      if (!p || p.kind !== 'render' || h.width !== spec.panel.width || h.height !== spec.panel.height)
        return kill(`sent a frame that was not asked for or not of the panel's size`, 'protocol', p?.pluginId ?? null);
      if (payload.length !== frameBytes)
        return kill(`sent a frame of ${payload.length} bytes, not ${frameBytes}`, 'protocol', p.pluginId);
      if (p.ceilingMs !== undefined) deadlines.alive(p);
      p.onFrame?.(payload, h);
    } else routeNotice(h, spec.members(), { ...on, exiting: (id) => void (exiting = id) });
  }

  /** How an exit is reported: the signal or code, and what the host said about it on stderr. */
  function exitDeath(code: number | null, signal: string | null): HostDeath {
    const { reason, outOfMemory } = output.describeExit(code, signal);
    if (stopping) return deathOf('stopped', 'stopped', null);
    return deathOf(reason, outOfMemory ? 'memory' : 'crash', exiting);
  }

  function request(pluginId: string, header: Message, opts: RequestOptions) {
    return new Promise<Outcome>((resolve) => {
      if (dead || !channel)
        return resolve({ ok: false, error: dead?.reason ?? 'host not started', cpuMs: 0, lost: true });
      const id = ++seq;
      const p: Pending = {
        pluginId,
        kind: header.t,
        startedAt: performance.now(),
        deadlineMs: opts.deadlineMs,
        ceilingMs: opts.ceilingMs,
        timer: undefined as unknown as NodeJS.Timeout,
        resolve,
        onFrame: opts.onFrame,
      };
      deadlines.arm(p);
      pending.set(id, p);
      channel.send({ ...header, id });
    });
  }

  return {
    key: spec.key,
    /** Starts the process and sends `init`; rejects with the reason when the host cannot serve. */
    async start(): Promise<InitReply> {
      let proc: HostProc;
      try {
        proc = await (spec.spawn ?? spawnDirect)(spec.launch, spec.confinement, spec.limits);
      } catch (e) {
        const d = deathOf(`could not start: ${(e as Error).message}`, 'crash', null);
        finish(d);
        throw new Error(`host did not start: ${d.reason}`);
      }
      child = proc;
      if (dead) {
        // Stopped while it was being started.
        proc.kill();
        throw new Error(`host did not start: ${dead.reason}`);
      }
      onceEnded(proc, (code, signal) => finish(exitDeath(code, signal)));
      output.read(proc.stdout, 'info');
      output.read(proc.stderr, 'warn');
      channel = createChannel(proc.channel, {
        message: onMessage,
        broken: (e) => kill(`broke the protocol: ${e.message}`, 'protocol', null),
        // The process's exit follows and says how it ended.
        ended: () => {},
      });
      const reply = await handshake();
      // Inside its PID namespace the host is process 1; its real pid is the wrapper's child.
      hostPid = proc.hostPid();
      return reply;
    },
    request,
    kill: (reason: string, kind: DeathKind, named: string | null = null) => kill(reason, kind, named),
    /** Asks the host to exit; kills it if it has not within `graceMs`. */
    async stop(graceMs = 1_000): Promise<void> {
      const proc = child;
      if (dead) return;
      if (!proc) return finish(deathOf('stopped', 'stopped', null));
      const exited = new Promise<void>((r) => proc.onExit(() => r()));
      stopping = true;
      channel?.send({ t: 'shutdown' });
      const timer = setTimeout(() => kill('stopped', 'stopped', null), graceMs);
      await exited;
      clearTimeout(timer);
    },
    pid: () => hostPid,
    wrapperPid: () => child?.pid ?? null,
    /** Raises the host's nice value (see demote.ts); false when it could not be asked. */
    renice: (nice: number) => !dead && !!child?.renice(nice),
    memory: () => (dead ? null : (child?.memory() ?? null)),
    alive: () => !dead && child !== null,
    death: () => dead,
    inFlight,
    counts: () => channel?.counts() ?? { messages: 0, joined: 0 },
  };
}

export type HostProcess = ReturnType<typeof createHostProcess>;
