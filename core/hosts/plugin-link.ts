import path from 'node:path';
import { refusal } from './admission.ts';
import { realOr, type Confinement } from './confine.ts';
import type { CacheEntry, HostFacts, Json, LoadReply, Outcome } from './messages.ts';
import type { RequestOptions } from './host-process.ts';
import type { Group, PlacedPlugin, PluginEvents } from './placement.ts';
import type { Message } from './protocol.ts';
import { runtimeFor, type HostRuntime } from './runtime.ts';

export interface LinkDeps {
  runtimes: readonly HostRuntime[];
  confinement: Confinement;
  dataRoot: string;
  loadDeadlineMs: number;
  join(p: PlacedPlugin, runtime: HostRuntime, events: PluginEvents): Promise<Group>;
  leave(g: Group, id: string): void;
  track(g: Group, id: string, out: Outcome): void;
}

/**
 * One plugin's handle on its host: load (placing it, after its admission), its calls, and
 * leaving. Every call settles with an outcome, never a throw; a call to a plugin no longer in a
 * host answers `lost`.
 */
export function createPluginLink(placed: PlacedPlugin, events: PluginEvents, d: LinkDeps) {
  let group: Group | null = null;
  let detached = false;
  // Node's permission model compares real paths: a folder reached through a link is granted as itself.
  const p = { ...placed, dir: realOr(placed.dir), entry: realOr(placed.entry) };
  const runtime = runtimeFor(d.runtimes, p.entry);

  async function call(header: Message, deadlineMs: number, more: Omit<RequestOptions, 'deadlineMs'> = {}) {
    const g = group;
    if (!g?.host || !g.members.has(p.id)) return { ok: false, error: 'not loaded', cpuMs: 0, lost: true } as Outcome;
    const out = await g.host.request(p.id, header, { deadlineMs, ...more });
    d.track(g, p.id, out);
    return out;
  }

  return {
    async load(config: Json, facts: HostFacts, cache: Record<string, CacheEntry>): Promise<Outcome<LoadReply>> {
      const refused = refusal(p, runtime, d);
      if (refused) return { ok: false, error: refused, cpuMs: 0, refused: true };
      try {
        const g = await d.join(p, runtime!, events);
        // Detached while its host was starting: it leaves at once rather than stay a member unseen.
        if (detached) return (d.leave(g, p.id), { ok: false, error: 'detached', cpuMs: 0, lost: true });
        group = g;
      } catch (e) {
        // Not `lost`: the plugin was not in the host yet, so no death notice reaches it.
        return { ok: false, error: (e as Error).message, cpuMs: 0, refused: (e as { refused?: boolean }).refused };
      }
      const plugin = {
        id: p.id,
        dir: p.dir,
        data_dir: path.join(d.dataRoot, p.id),
        entry: p.entry,
        manifest: p.manifest,
        ...runtime!.pluginFields?.(p.dir),
      };
      return (await call({ t: 'load', plugin, config, facts, cache }, d.loadDeadlineMs)) as Outcome<LoadReply>;
    },
    update: (deadlineMs: number, hardMs: number) =>
      call({ t: 'update', plugin_id: p.id, deadline_ms: deadlineMs }, hardMs),
    /** A render; with `ceilingMs`, each frame it pushes restarts its deadline, up to that long (host-process.ts). */
    render: (
      req: Omit<Message, 't'>,
      deadlineMs: number,
      onFrame: (px: Buffer, header: Message) => void,
      ceilingMs?: number,
    ) => call({ ...req, t: 'render', plugin_id: p.id }, deadlineMs, { onFrame, ceilingMs }),
    configure: (config: Json, deadlineMs: number) => call({ t: 'configure', plugin_id: p.id, config }, deadlineMs),
    /** One of the plugin's actions; a host that does not answer in time is killed, as for any call. */
    action: (action: string, params: Json, deadlineMs: number) =>
      call({ t: 'action', plugin_id: p.id, action, params }, deadlineMs),
    /** Leaves the host (unloading the plugin); a host left empty is stopped. */
    detach() {
      const g = group;
      group = null;
      detached = true;
      if (g) d.leave(g, p.id);
    },
    host: () => (group?.host?.alive() ? { key: group.key, shared: group.shared, pid: group.host.pid() } : null),
  };
}

export type PluginLink = ReturnType<typeof createPluginLink>;
