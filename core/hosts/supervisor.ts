/**
 * Places plugins in hosts, starts and stops the hosts, and reports each host's death to the
 * plugins in it with the verdict of who caused it (blame.ts). First-party plugins share one host
 * (they are Marquee's own code; one host costs a Node process instead of five); every other plugin
 * gets a host of its own, so its confinement and its blame are exact. A first-party plugin that
 * may have brought the shared host down is moved to a host of its own for the rest of the run.
 */
import type { Logger } from '../platform/log.ts';
import { judgeDeath } from './blame.ts';
import { hostLimits } from './admission.ts';
import { prepareDataDir, realOr, type Confinement } from './confine.ts';
import { createHostProcess, type HostDeath, type HostProcess } from './host-process.ts';
import type { HostFacts, Outcome } from './messages.ts';
import type { Message } from './protocol.ts';
import { createDemoter } from './demote.ts';
import { createMemoryLedger, overCeiling } from './memory-ledger.ts';
import { createPluginLink } from './plugin-link.ts';
import type { HostRuntime } from './runtime.ts';
import type { HostSpawner } from './spawn.ts';

import type { Group, PlacedPlugin, PluginEvents } from './placement.ts';

export type { LossNotice, PlacedPlugin, PluginEvents } from './placement.ts';

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
  /** Every first-party plugin folder now (with its entry point): the shared host may read those its runtime runs. */
  firstPartyDirs: () => Array<{ id: string; dir: string; entry: string }>;
  facts: () => HostFacts;
  log: Logger;
  /** Who starts host processes: this process by default, or the host launcher (launcher/client.ts). */
  spawn?: HostSpawner;
}

const SHARED = 'first-party';

export function createSupervisor(o: SupervisorOptions) {
  const groups = new Map<string, Group>();
  const stopping = new Set<Promise<void>>();
  const isolated = new Set<string>();
  const log = o.log.child({ room: 'hosts' });

  function groupOf(key: string): Group {
    let g = groups.get(key);
    if (!g) {
      const memory = createMemoryLedger();
      g = {
        key,
        shared: key === SHARED,
        host: null,
        starting: null,
        members: new Map(),
        readable: new Set(),
        memory,
        cpu: createDemoter(),
        starts: 0,
        runtime: null,
      };
      groups.set(key, g);
    }
    return g;
  }

  /** Only the Node runtime's first-party plugins share a host; a LEDMatrix plugin always has its own. */
  function keyFor(p: PlacedPlugin, runtime: HostRuntime): string {
    if (!p.firstParty || !o.shareFirstParty || isolated.has(p.id) || runtime.name !== 'node') return `plugin:${p.id}`;
    const g = groups.get(SHARED);
    // A first-party folder that appeared after the shared host started is not in its grants.
    return g?.host && !g.readable.has(p.dir) ? `plugin:${p.id}` : SHARED;
  }

  function grantsFor(key: string, p: PlacedPlugin, runtime: HostRuntime) {
    const shared = () =>
      o
        .firstPartyDirs()
        .filter((x) => runtime.accepts(x.entry))
        .map((x) => ({ id: x.id, dir: realOr(x.dir) }));
    const plugins = key === SHARED ? shared() : [p];
    const write = plugins.map((x) => prepareDataDir(o.dataRoot, x.id, o.confinement.user));
    return { read: plugins.map((x) => x.dir), write, memoryMb: o.memoryMb };
  }

  function onDeath(g: Group, host: HostProcess, d: HostDeath) {
    if (g.host !== host) return;
    g.host = null;
    const members = [...g.members];
    g.members.clear();
    g.memory.reset();
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
    const grants = grantsFor(g.key, p, runtime);
    g.readable = new Set(grants.read);
    g.starts += 1;
    g.runtime = runtime.name;
    const host = createHostProcess(
      {
        key: g.key,
        launch: runtime.launch(grants),
        confinement: o.confinement,
        limits: hostLimits(o.memoryMb),
        panel: o.panel,
        facts: o.facts(),
        cacheLimits: o.cacheLimits,
        initDeadlineMs: o.loadDeadlineMs,
        members: () => new Set(g.members.keys()),
        spawn: o.spawn,
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
    g.cpu = createDemoter();
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
    if (g.memory.record(id, Number(out.ok ? (out.reply as Message).rss_bytes : out.rss))) checkGroup(g);
  }

  function checkGroup(g: Group) {
    const over = g.host?.alive() ? overCeiling(g.host.pid(), o.memoryMb) : null;
    if (over) g.host!.kill(over, 'memory', g.memory.topGrower() ?? [...g.members.keys()][0] ?? null);
  }

  /** Puts the plugin in its group's host, started for it if needed (after its admission). */
  async function join(p: PlacedPlugin, runtime: HostRuntime, events: PluginEvents): Promise<Group> {
    const g = groupOf(keyFor(p, runtime));
    await hostOf(g, p, runtime);
    g.members.set(p.id, events);
    return g;
  }

  /** Takes the plugin out of its host; a host left empty is stopped, else told to unload it. */
  function leave(g: Group, id: string) {
    if (!g.members.delete(id)) return;
    if (g.members.size === 0 && g.host) void stopGroup(g);
    else void g.host?.request(id, { t: 'unload', plugin_id: id }, { deadlineMs: o.loadDeadlineMs });
  }

  const attach = (placed: PlacedPlugin, events: PluginEvents) =>
    createPluginLink(placed, events, { ...o, join, leave, track });

  function stopGroup(g: Group): Promise<void> {
    const host = g.host;
    if (groups.get(g.key) === g) groups.delete(g.key);
    const done = (host?.stop() ?? Promise.resolve()).finally(() => stopping.delete(done));
    stopping.add(done);
    return done;
  }

  return {
    attach,
    /**
     * Once a second: kills every host whose resident anonymous memory is over the ceiling (naming
     * the plugin that grew it most), and demotes a host of one plugin that keeps a core busy.
     */
    checkMemory() {
      const at = performance.now();
      for (const g of groups.values()) {
        checkGroup(g);
        const pid = g.host?.alive() && !g.shared ? g.host.pid() : null;
        if (pid && g.cpu.sample(pid, at, (nice) => g.host!.renice(nice)))
          log.warn('plugin host demoted to nice 19', { host: g.key, cpu: 'busy' });
      }
    },
    hosts: () =>
      [...groups.values()]
        .filter((g) => g.host?.alive())
        .map((g) => ({
          key: g.key,
          shared: g.shared,
          runtime: g.runtime,
          pid: g.host!.pid(),
          wrapperPid: g.host!.wrapperPid(),
          memory: g.host!.memory(),
          plugins: [...g.members.keys()],
          starts: g.starts,
          demoted: g.cpu.demoted(),
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

export type Supervisor = ReturnType<typeof createSupervisor>;
export type { PluginLink } from './plugin-link.ts';
