/**
 * Entry of a plugin's worker thread (bundled to plain JavaScript: workers cannot load TypeScript).
 * It loads the plugin's ES module, then answers update and render requests one message at a time.
 * Deadlines are enforced by the main thread, which terminates this thread when one is missed; the
 * signal given to `update()` aborts at its deadline so a cooperative plugin can stop by itself.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { Frame } from '../../render/frame.ts';
import { decodePng } from '../../render/png-decode.ts';
import { createPluginContext } from './plugin-api.ts';
import type { FromWorker, RenderInfo, ToWorker, WorkerInit } from './protocol.ts';

interface PluginInstance {
  update?(opts: { signal: AbortSignal; deadline: number }): unknown;
  render(frame: Frame, info: RenderInfo): unknown;
  hasLiveContent?(): unknown;
  onConfigChange?(config: Record<string, unknown>): unknown;
  modes?: unknown;
  fps?: unknown;
}

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

const beat = new Float64Array(init.beat);
beat[0] = Date.now();
setInterval(() => (beat[0] = Date.now()), 50);

const isClass = (f: unknown) => typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));

async function load(): Promise<PluginInstance> {
  const mod = (await import(pathToFileURL(init.entry).href)) as { default?: unknown };
  const exported = mod.default;
  const ctx = createPluginContext(init, post, decodePng);
  let plugin: unknown;
  if (isClass(exported)) plugin = new (exported as new (c: typeof ctx) => unknown)(ctx);
  else if (typeof exported === 'function') plugin = await (exported as (c: typeof ctx) => unknown)(ctx);
  else if (exported && typeof exported === 'object') {
    plugin = exported;
    await (exported as { init?: (c: typeof ctx) => unknown }).init?.(ctx);
  }
  if (!plugin || typeof (plugin as PluginInstance).render !== 'function')
    throw new TypeError('the default export must be a class, a factory or an object with a render(frame, info) method');
  return plugin as PluginInstance;
}

const modesOf = (p: PluginInstance) =>
  Array.isArray(p.modes) && p.modes.every((m) => typeof m === 'string') && p.modes.length
    ? (p.modes as string[])
    : null;
const fpsOf = (p: PluginInstance) => (typeof p.fps === 'number' && p.fps > 0 ? p.fps : null);

async function update(p: PluginInstance, id: number, deadlineMs: number) {
  const t0 = performance.now();
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(new Error(`update deadline of ${deadlineMs} ms passed`)), deadlineMs);
  try {
    const result = (await p.update?.({ signal: ac.signal, deadline: Date.now() + deadlineMs })) as unknown;
    if (ac.signal.aborted) throw ac.signal.reason;
    const retry = (result as { retryInSeconds?: unknown } | null | undefined)?.retryInSeconds;
    const retryInMs = typeof retry === 'number' && Number.isFinite(retry) && retry > 0 ? retry * 1000 : undefined;
    post({ t: 'updated', id, ok: true, ms: performance.now() - t0, ...(retryInMs ? { retryInMs } : {}) });
  } catch (e) {
    post({ t: 'updated', id, ok: false, error: describe(e), ms: performance.now() - t0 });
  } finally {
    clearTimeout(timer);
  }
}

async function render(p: PluginInstance, id: number, info: RenderInfo, buf: ArrayBuffer) {
  const t0 = performance.now();
  const frame = new Frame(init.width, init.height, new Uint8Array(buf)).clear();
  try {
    let drew = p.render(frame, info);
    if (drew && typeof (drew as Promise<unknown>).then === 'function') drew = await drew;
    post(
      { t: 'rendered', id, ok: true, drew: drew !== false, ms: performance.now() - t0, clipped: frame.clipped, buf },
      [buf],
    );
  } catch (e) {
    post(
      {
        t: 'rendered',
        id,
        ok: false,
        drew: false,
        error: describe(e),
        ms: performance.now() - t0,
        clipped: frame.clipped,
        buf,
      },
      [buf],
    );
  }
}

function watchLive(p: PluginInstance) {
  if (typeof p.hasLiveContent !== 'function') return;
  let last = false;
  setInterval(() => {
    let now = false;
    try {
      now = !!p.hasLiveContent!();
    } catch {
      now = false;
    }
    if (now !== last) post({ t: 'live', value: (last = now) });
  }, 250);
}

try {
  const plugin = await load();
  port.on('message', (m: ToWorker) => {
    if (m.t === 'update') void update(plugin, m.id, m.deadlineMs);
    else if (m.t === 'render') void render(plugin, m.id, m.info, m.buf);
    else if (m.t === 'config') {
      try {
        plugin.onConfigChange?.(m.config);
      } catch (e) {
        post({ t: 'log', level: 'error', msg: 'onConfigChange threw', fields: { error: describe(e) } });
      }
    }
  });
  post({
    t: 'ready',
    modes: modesOf(plugin),
    fps: fpsOf(plugin),
    hasUpdate: typeof plugin.update === 'function',
    hasLive: typeof plugin.hasLiveContent === 'function',
  });
  watchLive(plugin);
} catch (e) {
  post({ t: 'fatal', error: `load failed: ${describe(e)}` });
}
