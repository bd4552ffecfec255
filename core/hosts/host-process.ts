/**
 * One plugin host as the display sees it: a child process started through the platform's
 * confinement, spoken to over the socket on its fd 3. Every request gets a deadline; a host that
 * misses one, breaks the protocol or exits is gone, and every request still in flight settles as
 * lost. Nothing here waits on the host: requests are promises the caller may or may not await.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { createLogBudget } from './log-budget.ts';
import { createChannel, type Channel } from './channel.ts';
import { wrapCommand, type Confinement, type ResourceLimits } from './confine.ts';
import type { HostFacts, InitReply, Outcome, PluginLogLevel } from './messages.ts';
import { LOG_LEVELS } from './messages.ts';
import { childrenOf } from './proc-stats.ts';
import { PROTOCOL_VERSION, type Message, type Received } from './protocol.ts';
import type { HostLaunch } from './runtime.ts';

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
}

interface Pending {
  pluginId: string;
  kind: string;
  startedAt: number;
  timer: NodeJS.Timeout;
  resolve(o: Outcome): void;
  onFrame?: (pixels: Buffer, header: Message) => void;
}

export function createHostProcess(spec: HostSpec, on: HostEvents) {
  const pending = new Map<number, Pending>();
  const frameBytes = spec.panel.width * spec.panel.height * 3;
  const budget = createLogBudget(() => Date.now(), 40);
  let child: ChildProcess | null = null;
  let channel: Channel | null = null;
  let hostPid: number | null = null;
  let seq = 0;
  let dead: HostDeath | null = null;
  let stopping = false;
  const last: string[] = [];
  /** The plugin the host said is ending it (`exiting`), named in the death that follows. */
  let exiting: string | null = null;

  function finish(d: HostDeath) {
    if (dead) return;
    dead = d;
    channel?.destroy();
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.resolve({ ok: false, error: d.reason, cpuMs: 0, lost: true });
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

  function kill(reason: string, kind: DeathKind, named: string | null) {
    const d: HostDeath = { reason, kind, named, inFlight: inFlight(), during: during() };
    for (const pid of [hostPid, child?.pid]) if (pid) tryKill(pid);
    finish(d);
  }

  function onMessage({ header: h, payload }: Received) {
    if (h.t === 'done' || h.t === 'error') {
      const p = pending.get(Number(h.id));
      if (!p) return;
      pending.delete(Number(h.id));
      clearTimeout(p.timer);
      const cpuMs = typeof h.cpu_ms === 'number' && h.cpu_ms >= 0 ? h.cpu_ms : 0;
      if (h.t === 'done') p.resolve({ ok: true, reply: h, cpuMs });
      else p.resolve({ ok: false, error: String(h.message ?? h.code ?? 'failed'), cpuMs, rss: Number(h.rss_bytes) });
    } else if (h.t === 'frame') {
      const p = pending.get(Number(h.id));
      if (!p || p.kind !== 'render' || h.width !== spec.panel.width || h.height !== spec.panel.height)
        return kill(`sent a frame that was not asked for or not of the panel's size`, 'protocol', p?.pluginId ?? null);
      if (payload.length !== frameBytes)
        return kill(`sent a frame of ${payload.length} bytes, not ${frameBytes}`, 'protocol', p.pluginId);
      p.onFrame?.(payload, h);
    } else if (h.t === 'exiting' && typeof h.plugin_id === 'string' && spec.members().has(h.plugin_id)) {
      exiting = h.plugin_id;
    } else if (h.t === 'log') {
      const id = typeof h.plugin_id === 'string' && spec.members().has(h.plugin_id) ? h.plugin_id : null;
      const level = (LOG_LEVELS as readonly string[]).includes(String(h.level)) ? (h.level as PluginLogLevel) : 'info';
      const fields = h.fields && typeof h.fields === 'object' ? (h.fields as Record<string, unknown>) : undefined;
      on.log(id, level, String(h.message ?? ''), fields);
    } else if (h.t === 'cache' && typeof h.plugin_id === 'string' && spec.members().has(h.plugin_id)) {
      if (typeof h.key !== 'string' || (h.value !== null && typeof h.value !== 'string')) return;
      on.cache(h.plugin_id, h.key, h.value, typeof h.expires_at === 'number' ? h.expires_at : null);
    } else if (h.t === 'live' && typeof h.plugin_id === 'string' && spec.members().has(h.plugin_id)) {
      on.live(h.plugin_id, h.value === true);
    }
  }

  /** Lines the host prints outside the protocol are its log, within a budget; the last few explain a crash. */
  function readLines(stream: NodeJS.ReadableStream | null, level: PluginLogLevel) {
    if (!stream) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      if (/^FATAL ERROR|out of memory|^\w*Error\b/.test(line))
        (last.push(line.slice(0, 300)), last.splice(0, last.length - 3));
      if (budget.take((n) => on.log(null, 'warn', `host output: ${n} lines dropped`)))
        on.log(null, level, line.slice(0, 2_000));
    });
  }

  /** How an exit is reported: the signal or code, and what the host said about it on stderr. */
  function exitDeath(code: number | null, signal: string | null): HostDeath {
    const said = last.length ? ` (${last.join('; ')})` : '';
    const outOfMemory = last.some((l) => /heap out of memory|Allocation failed/i.test(l));
    return {
      reason: stopping ? 'stopped' : `${signal ? `host killed by ${signal}` : `host exited with code ${code}`}${said}`,
      kind: stopping ? 'stopped' : outOfMemory ? 'memory' : 'crash',
      named: exiting,
      inFlight: inFlight(),
      during: during(),
    };
  }

  function request(
    pluginId: string,
    header: Message,
    opts: { deadlineMs: number; onFrame?: (px: Buffer, header: Message) => void },
  ) {
    return new Promise<Outcome>((resolve) => {
      if (dead || !channel)
        return resolve({ ok: false, error: dead?.reason ?? 'host not started', cpuMs: 0, lost: true });
      const id = ++seq;
      const what = header.t;
      const timer = setTimeout(
        () => kill(`${what} missed its deadline of ${opts.deadlineMs} ms`, 'hang', pluginId),
        opts.deadlineMs,
      );
      pending.set(id, { pluginId, kind: what, startedAt: performance.now(), timer, resolve, onFrame: opts.onFrame });
      channel.send({ ...header, id });
    });
  }

  return {
    key: spec.key,
    /** Starts the process and sends `init`; rejects with the reason when the host cannot serve. */
    async start(): Promise<InitReply> {
      const { command, args } = wrapCommand(spec.launch, spec.confinement, spec.limits);
      const user = spec.confinement.user;
      const proc = spawn(command, args, {
        env: spec.launch.env,
        cwd: spec.launch.cwd,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
        ...(user ? { uid: user.uid, gid: user.gid } : {}),
      });
      child = proc;
      proc.on('error', (e) =>
        finish({
          reason: `could not start: ${e.message}`,
          kind: 'crash',
          named: null,
          inFlight: inFlight(),
          during: during(),
        }),
      );
      proc.on('exit', (code, signal) => {
        // Its last words on stderr may still be in the pipe: wait for the pipe's end, briefly.
        const report = () => finish(exitDeath(code, signal));
        if (!proc.stderr || proc.stderr.readableEnded) return report();
        const timer = setTimeout(report, 100);
        proc.stderr.once('end', () => (clearTimeout(timer), setImmediate(report)));
      });
      readLines(proc.stdout, 'info');
      readLines(proc.stderr, 'warn');
      channel = createChannel(proc.stdio[3] as Socket, {
        message: onMessage,
        broken: (e) => kill(`broke the protocol: ${e.message}`, 'protocol', null),
        // The process's exit follows and says how it ended.
        ended: () => {},
      });
      const out = await request(
        '',
        {
          t: 'init',
          protocol: PROTOCOL_VERSION,
          panel: spec.panel,
          facts: spec.facts,
          limits: { cache_value_bytes: spec.cacheLimits.cacheValueBytes, cache_entries: spec.cacheLimits.cacheEntries },
        },
        { deadlineMs: spec.initDeadlineMs },
      );
      if (!out.ok) throw new Error(`host did not start: ${out.error}`);
      const reply = out.reply as unknown as InitReply;
      // Inside its PID namespace the host is process 1; its real pid is the wrapper's child.
      hostPid = spec.confinement.tools.unshare ? (childrenOf(proc.pid!)[0] ?? null) : (proc.pid ?? null);
      if (reply.runtime === 'node' && reply.confined?.permission !== true) {
        const why = "the plugin host is not confined: Node's permission model is not in force";
        kill(why, 'unconfined', null);
        throw Object.assign(new Error(why), { refused: true });
      }
      return reply;
    },
    request,
    kill: (reason: string, kind: DeathKind, named: string | null = null) => kill(reason, kind, named),
    /** Asks the host to exit; kills it if it has not within `graceMs`. */
    async stop(graceMs = 1_000): Promise<void> {
      const proc = child;
      if (!proc || dead) return;
      const exited = new Promise<void>((r) => proc.once('exit', () => r()));
      stopping = true;
      channel?.send({ t: 'shutdown' });
      const timer = setTimeout(() => kill('stopped', 'stopped', null), graceMs);
      await exited;
      clearTimeout(timer);
    },
    pid: () => hostPid,
    wrapperPid: () => child?.pid ?? null,
    alive: () => !dead && child !== null,
    death: () => dead,
    inFlight,
    counts: () => channel?.counts() ?? { messages: 0, joined: 0 },
  };
}

function tryKill(pid: number) {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export type HostProcess = ReturnType<typeof createHostProcess>;
