/**
 * Places plugins in hosts, starts and stops the hosts, and reports each host's death to the
 * plugins in it with the verdict of who caused it (blame.ts). First-party plugins share one host
 * (they are Marquee's own code; one host costs a Node process instead of five); every other plugin
 * gets a host of its own, so its confinement and its blame are exact. A first-party plugin that
 * may have brought the shared host down is moved to a host of its own for the rest of the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../platform/log.ts';
import { judgeDeath } from './blame.ts';
import { escapingLinks, prepareDataDir, unreachable, type Confinement, type ResourceLimits } from './confine.ts';
import { createHostProcess, type DeathKind, type HostDeath, type HostProcess } from './host-process.ts';
import type { CacheEntry, HostFacts, Json, LoadReply, Outcome, PluginLogLevel } from './messages.ts';
import type { Message } from './protocol.ts';
import { residentOf } from './proc-stats.ts';
import { runtimeFor, type HostRuntime } from './runtime.ts';

export interface PlacedPlugin {
  id: string;
  dir: string;
  entry: string;
  manifest: Json;
  /** Marquee's own plugin (in the built-in folder, without an install record). */
  firstParty: boolean;
}

export interface LossNotice {
  reason: string;
  kind: DeathKind;
  /** The death is counted against this plugin. */
  blamed: boolean;
  /** The plugin may have caused it; it now gets a host of its own. */
  suspect: boolean;
  /** What the plugin's request in flight was (`update`, `render`, …), if it had one. */
  during: string | null;
}

export interface PluginEvents {
  lost(n: LossNotice): void;
  cache(key: string, value: string | null, expiresAt: number | null): void;
  live(value: boolean): void;
  log(level: PluginLogLevel, message: string, fields?: Record<string, unknown>): void;
}

export interface SupervisorOptions {
  runtimes: readonly HostRuntime[];
  confinement: Confinement;
  panel: { width: number; height: number };
  /** `<dataDir>/plugins`: each plugin's writable folder is `<dataRoot>/<id>`. */
  dataRoot: string;
  memoryMb: number;
  loadDeadlineMs: number;
  cacheLimits: { cacheValueBytes: number; cacheEntries: number };
  shareFirstParty: boolean;
  /** Every first-party plugin folder now: the shared host may read these. */
  firstPartyDirs: () => Array<{ id: string; dir: string }>;
  facts: () => HostFacts;
  log: Logger;
}

interface Group {
  key: string;
  shared: boolean;
  host: HostProcess | null;
  starting: Promise<HostProcess> | null;
  members: Map<string, PluginEvents>;
  /** Folders granted at start: a plugin outside them cannot join this host. */
  readable: Set<string>;
  lastRss: number;
  growth: Map<string, number>;
  starts: number;
}

const SHARED = 'first-party';
const MB = 1024 * 1024;

export function createSupervisor(o: SupervisorOptions) {
  const groups = new Map<string, Group>();
  const stopping = new Set<Promise<void>>();
  const isolated = new Set<string>();
  const log = o.log.child({ room: 'hosts' });

  const limits = (): ResourceLimits => ({
    // Private writable memory: twice the resident ceiling, room for what V8 maps but does not fill.
    dataBytes: Math.max(o.memoryMb * 2, o.memoryMb + 128) * MB,
    fileBytes: 64 * MB,
    openFiles: 256,
  });

  function keyFor(p: PlacedPlugin): string {
    if (!p.firstParty || !o.shareFirstParty || isolated.has(p.id)) return `plugin:${p.id}`;
    const g = groups.get(SHARED);
    // A first-party folder that appeared after the shared host started is not in its grants.
    return g?.host && !g.readable.has(p.dir) ? `plugin:${p.id}` : SHARED;
  }

  /** Why this plugin may not run here, checked before any host is started for it. */
  function refusal(p: PlacedPlugin, runtime: HostRuntime | null): string | null {
    if (o.confinement.problem) return o.confinement.problem;
    if (!runtime) return `no plugin runtime here runs ${path.basename(p.entry)}`;
    const missing = runtime.unavailable();
    if (missing) return missing;
    const user = o.confinement.user;
    const unreadable = user && unreachable(p.dir, user, 'read');
    if (unreadable) return `the plugin host's user cannot read the plugin folder: ${unreadable}`;
    const links = escapingLinks(p.dir);
    if (links.length) return `the plugin folder holds links leading outside it: ${links.slice(0, 3).join(', ')}`;
    const data = prepareDataDir(o.dataRoot, p.id, user);
    const unwritable = user && unreachable(data, user, 'write');
    if (unwritable) return `the plugin host's user cannot write the plugin's data folder: ${unwritable}`;
    return null;
  }

  function grantsFor(key: string, p: PlacedPlugin) {
    const plugins = key === SHARED ? o.firstPartyDirs() : [{ id: p.id, dir: p.dir }];
    const write = plugins.map((x) => prepareDataDir(o.dataRoot, x.id, o.confinement.user));
    return { read: plugins.map((x) => x.dir), write, memoryMb: o.memoryMb };
  }

  function onDeath(g: Group, host: HostProcess, d: HostDeath) {
    if (g.host !== host) return;
    g.host = null;
    const members = [...g.members];
    g.members.clear();
    g.growth.clear();
    const verdict = judgeDeath(
      d,
      members.map(([id]) => id),
    );
    if (d.kind !== 'stopped') log.warn('plugin host ended', { host: g.key, reason: d.reason, ...verdict });
    for (const id of [...verdict.blamed, ...verdict.suspects]) if (g.shared) isolated.add(id);
    for (const [id, events] of members)
      events.lost({
        reason: d.reason,
        kind: d.kind,
        blamed: verdict.blamed.includes(id),
        suspect: verdict.suspects.includes(id),
        during: d.during[id] ?? null,
      });
  }

  function startHost(g: Group, p: PlacedPlugin, runtime: HostRuntime): Promise<HostProcess> {
    const grants = grantsFor(g.key, p);
    g.readable = new Set(grants.read);
    g.starts += 1;
    const host = createHostProcess(
      {
        key: g.key,
        launch: runtime.launch(grants),
        confinement: o.confinement,
        limits: limits(),
        panel: o.panel,
        facts: o.facts(),
        cacheLimits: o.cacheLimits,
        initDeadlineMs: o.loadDeadlineMs,
        members: () => new Set(g.members.keys()),
      },
      {
        death: (d) => onDeath(g, host, d),
        log: (id, level, message, fields) =>
          id ? g.members.get(id)?.log(level, message, fields) : log[level](message, { host: g.key, from: 'host' }),
        cache: (id, key, value, expiresAt) => g.members.get(id)?.cache(key, value, expiresAt),
        live: (id, value) => g.members.get(id)?.live(value),
      },
    );
    g.host = host;
    return host.start().then(() => host);
  }

  /** The group's running host, started once for everyone who asks while it starts. */
  function hostOf(g: Group, p: PlacedPlugin, runtime: HostRuntime): Promise<HostProcess> {
    if (g.host?.alive() && !g.starting) return Promise.resolve(g.host);
    g.starting ??= startHost(g, p, runtime).finally(() => (g.starting = null));
    return g.starting;
  }

  /** Growth per plugin (for blame in a shared host), and the ceiling checked at once after a call that grew. */
  function track(g: Group, id: string, out: Outcome) {
    const rss = Number(out.ok ? (out.reply as Message).rss_bytes : out.rss);
    if (!Number.isFinite(rss)) return;
    const grew = rss - g.lastRss;
    if (g.lastRss) g.growth.set(id, (g.growth.get(id) ?? 0) + Math.max(0, grew));
    g.lastRss = rss;
    if (grew > 0) checkGroup(g);
  }

  function checkGroup(g: Group) {
    const pid = g.host?.alive() ? g.host.pid() : null;
    const mem = pid ? residentOf(pid) : null;
    if (!mem || mem.anon <= o.memoryMb * MB) return;
    const top = [...g.growth].sort((a, b) => b[1] - a[1])[0]?.[0] ?? [...g.members.keys()][0] ?? null;
    g.host!.kill(`resident memory ${Math.round(mem.anon / MB)} MB over its ceiling of ${o.memoryMb} MB`, 'memory', top);
  }

  function attach(placed: PlacedPlugin, events: PluginEvents) {
    let group: Group | null = null;
    // Node's permission model compares real paths: a folder reached through a link is granted as itself.
    const p = { ...placed, dir: realOr(placed.dir), entry: realOr(placed.entry) };
    const runtime = runtimeFor(o.runtimes, p.entry);

    async function call(
      header: Message,
      deadlineMs: number,
      onFrame?: (px: Buffer, header: Message) => void,
    ): Promise<Outcome> {
      const g = group;
      if (!g?.host || !g.members.has(p.id)) return { ok: false, error: 'not loaded', cpuMs: 0, lost: true };
      const out = await g.host.request(p.id, header, { deadlineMs, onFrame });
      track(g, p.id, out);
      return out;
    }

    return {
      /** Places the plugin (starting its host when needed) and loads it. */
      async load(config: Json, facts: HostFacts, cache: Record<string, CacheEntry>): Promise<Outcome<LoadReply>> {
        const refused = refusal(p, runtime);
        if (refused) return { ok: false, error: refused, cpuMs: 0, refused: true };
        const key = keyFor(p);
        let g = groups.get(key);
        if (!g) {
          g = {
            key,
            shared: key === SHARED,
            host: null,
            starting: null,
            members: new Map(),
            readable: new Set(),
            lastRss: 0,
            growth: new Map(),
            starts: 0,
          };
          groups.set(key, g);
        }
        group = g;
        let host: HostProcess;
        try {
          host = await hostOf(g, p, runtime!);
        } catch (e) {
          // Not `lost`: the plugin was not in the host yet, so no death notice reaches it.
          return { ok: false, error: (e as Error).message, cpuMs: 0, refused: (e as { refused?: boolean }).refused };
        }
        g.members.set(p.id, events);
        const plugin = {
          id: p.id,
          dir: p.dir,
          data_dir: path.join(o.dataRoot, p.id),
          entry: p.entry,
          manifest: p.manifest,
        };
        const out = await host.request(
          p.id,
          { t: 'load', plugin, config, facts, cache },
          { deadlineMs: o.loadDeadlineMs },
        );
        track(g, p.id, out);
        return out as Outcome<LoadReply>;
      },
      update: (deadlineMs: number, hardMs: number) =>
        call({ t: 'update', plugin_id: p.id, deadline_ms: deadlineMs }, hardMs),
      render: (req: Omit<Message, 't'>, deadlineMs: number, onFrame: (px: Buffer, header: Message) => void) =>
        call({ ...req, t: 'render', plugin_id: p.id }, deadlineMs, onFrame),
      configure: (config: Json, deadlineMs: number) => call({ t: 'configure', plugin_id: p.id, config }, deadlineMs),
      /** Leaves the host (unloading the plugin); a host left empty is stopped. */
      detach() {
        const g = group;
        group = null;
        if (!g || !g.members.delete(p.id)) return;
        if (g.members.size === 0 && g.host) void stopGroup(g);
        else void g.host?.request(p.id, { t: 'unload', plugin_id: p.id }, { deadlineMs: o.loadDeadlineMs });
      },
      host: () => (group?.host?.alive() ? { key: group.key, shared: group.shared, pid: group.host.pid() } : null),
    };
  }

  function stopGroup(g: Group): Promise<void> {
    const host = g.host;
    if (groups.get(g.key) === g) groups.delete(g.key);
    const done = (host?.stop() ?? Promise.resolve()).finally(() => stopping.delete(done));
    stopping.add(done);
    return done;
  }

  return {
    attach,
    /** Kills every host whose resident anonymous memory is over the ceiling, naming the plugin that grew it most. */
    checkMemory() {
      for (const g of groups.values()) checkGroup(g);
    },
    hosts: () =>
      [...groups.values()]
        .filter((g) => g.host?.alive())
        .map((g) => ({
          key: g.key,
          shared: g.shared,
          pid: g.host!.pid(),
          wrapperPid: g.host!.wrapperPid(),
          plugins: [...g.members.keys()],
          starts: g.starts,
          counts: g.host!.counts(),
        })),
    isolated: () => [...isolated],
    /** Stops every host (those already stopping included). */
    async stop() {
      for (const g of [...groups.values()]) void stopGroup(g);
      await Promise.all([...stopping]);
    },
  };
}

function realOr(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return p;
  }
}

export type Supervisor = ReturnType<typeof createSupervisor>;
export type PluginLink = ReturnType<Supervisor['attach']>;
