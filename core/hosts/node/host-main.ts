/**
 * Entry of a Node plugin host (bundled to one plain JavaScript file: the host may read nothing but
 * that file and its plugins' folders). It answers the display's requests on fd 3 (protocol.ts),
 * runs any number of plugins, and exits when the display closes the channel or asks it to.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import net from 'node:net';
import { createChannel } from '../channel.ts';
import type { HostFacts, InitRequest, LoadRequest, RenderRequest } from '../messages.ts';
import { CHANNEL_FD, encodeMessage, PROTOCOL_VERSION, type Message, type Received } from '../protocol.ts';
import { loadHostedPlugin, type HostedPlugin, type Panel } from './hosted-plugin.ts';
import { describeError } from './plugin-module.ts';

let panel: Panel | null = null;
let facts: HostFacts | null = null;
let limits = { cacheValueBytes: 256 * 1024, cacheEntries: 500 };
const plugins = new Map<string, HostedPlugin>();
let liveTimer: NodeJS.Timeout | null = null;

const channel = createChannel(new net.Socket({ fd: CHANNEL_FD, readable: true, writable: true }), {
  message: (m) => void handle(m),
  broken: () => process.exit(70),
  ended: () => process.exit(0),
});

const send = (m: Message, payload?: Uint8Array, sent?: () => void) => channel.send(m, payload, sent);
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 10) / 100;
};

/** The plugin whose code is running, through its awaits and timers: who to name if it exits the host. */
const running = new AsyncLocalStorage<string>();
process.on('exit', () => {
  const id = running.getStore();
  // Synchronous: the process ends right after this handler. Best effort; the exit itself is seen anyway.
  if (id)
    try {
      fs.writeSync(CHANNEL_FD, encodeMessage({ t: 'exiting', plugin_id: id }));
    } catch {
      // the channel is full or gone
    }
});

// A plugin's stray exception must not take the other plugins of a shared host down with it.
process.on('uncaughtException', (e) => send({ t: 'log', level: 'error', message: `uncaught: ${describeError(e)}` }));
process.on('unhandledRejection', (e) =>
  send({ t: 'log', level: 'error', message: `unhandled rejection: ${describeError(e)}` }),
);

function pluginOf(h: Message): HostedPlugin {
  const p = plugins.get(String(h.plugin_id));
  if (!p) throw new Error(`plugin ${String(h.plugin_id)} is not loaded in this host`);
  return p;
}

/**
 * The Node permission model is in force: a file no grant covers is unreadable, and no process or
 * thread may be started. (Not "/" itself: Node 20 answers yes for it when the grants part at the
 * root, and lets such a host list the names in "/", though nothing below them.)
 */
function confined(): { permission: boolean } {
  const perm = (process as { permission?: { has(scope: string, ref?: string): boolean } }).permission;
  const outside = '/proc/self/environ';
  return { permission: !!perm && !perm.has('fs.read', outside) && !perm.has('child') && !perm.has('worker') };
}

async function run(h: Message, hold: () => void): Promise<Record<string, unknown>> {
  switch (h.t) {
    case 'init': {
      const init = h as unknown as InitRequest;
      panel = init.panel;
      facts = init.facts;
      if (init.limits)
        limits = { cacheValueBytes: init.limits.cache_value_bytes, cacheEntries: init.limits.cache_entries };
      return {
        runtime: 'node',
        runtime_version: process.version,
        pid: process.pid,
        protocol: PROTOCOL_VERSION,
        confined: confined(),
      };
    }
    case 'load': {
      const req = h as unknown as LoadRequest;
      if (!panel || !facts) throw new Error('load before init');
      const id = req.plugin.id;
      const hosted = await loadHostedPlugin(req, panel, limits, req.facts ?? facts, (m) => send(m));
      plugins.get(id)?.dispose();
      plugins.set(id, hosted);
      watchLive();
      return hosted.info();
    }
    case 'update':
      return await pluginOf(h).update(typeof h.deadline_ms === 'number' ? h.deadline_ms : 30_000);
    case 'render':
      return await render(h as unknown as RenderRequest & { id: number }, hold);
    case 'configure':
      pluginOf(h).configure(h.config as Record<string, unknown>);
      return {};
    case 'action':
      return { result: await pluginOf(h).action(String(h.action), (h.params ?? {}) as Record<string, unknown>) };
    case 'unload': {
      const p = plugins.get(String(h.plugin_id));
      plugins.delete(String(h.plugin_id));
      p?.dispose();
      return {};
    }
    default:
      throw new Error(`unknown request ${JSON.stringify(h.t)}`);
  }
}

/** Draws a frame; `hold` is called before the frame is sent, which then waits for the answer that follows it. */
async function render(req: RenderRequest & { id: number }, hold: () => void): Promise<Record<string, unknown>> {
  const p = pluginOf(req as unknown as Message);
  const drawn = await p.render(req);
  if (drawn.pixels) {
    hold();
    const pixels = drawn.pixels;
    const { width, height } = panel!;
    const mono_ns = String(process.hrtime.bigint());
    send({ t: 'frame', id: req.id, plugin_id: req.plugin_id, width, height, mono_ns }, pixels, () => p.release(pixels));
  }
  const { pixels: _, ...reply } = drawn;
  return reply;
}

async function handle({ header: h }: Received): Promise<void> {
  if (h.t === 'shutdown') {
    for (const p of plugins.values()) p.dispose();
    channel.close();
    process.exit(0);
  }
  const id = h.id;
  const c0 = process.cpuUsage();
  const plugin =
    typeof h.plugin_id === 'string'
      ? h.plugin_id
      : h.t === 'load'
        ? String((h as unknown as LoadRequest).plugin?.id)
        : '';
  // A frame and the answer after it leave in one write (the display wakes once for both).
  let held = false;
  const hold = () => {
    if (!held) ((held = true), channel.hold());
  };
  try {
    const reply = await running.run(plugin, () => run(h, hold));
    send({ t: 'done', id, cpu_ms: cpuMs(c0), rss_bytes: process.memoryUsage.rss(), ...reply });
  } catch (e) {
    const err = e as Error;
    send({
      t: 'error',
      id,
      cpu_ms: cpuMs(c0),
      rss_bytes: process.memoryUsage.rss(),
      code: (err as { code?: string }).code ?? err.name ?? 'Error',
      message: describeError(e),
      stack: err.stack?.split('\n').slice(0, 8).join('\n'),
    });
  } finally {
    if (held) channel.release();
  }
}

/** Live-content checks once a second, only while some plugin has one. */
function watchLive() {
  const any = [...plugins.values()].some((p) => p.info().has_live);
  if (!any || liveTimer) return;
  liveTimer = setInterval(() => {
    for (const [id, p] of plugins) {
      const change = p.liveChange();
      if (change !== undefined) send({ t: 'live', plugin_id: id, value: change });
    }
  }, 1_000);
}
