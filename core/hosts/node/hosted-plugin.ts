/** One JavaScript plugin loaded in a host: its instance, its frame buffers, and each call. */
import { Frame } from '../../render/frame.ts';
import type { LoadRequest, RenderRequest } from '../messages.ts';
import { createPluginContext, type ContextMessage } from './plugin-api.ts';
import { fpsOf, loadPluginModule, modesOf, nextInMs, type PluginInstance, type RenderInfo } from './plugin-module.ts';
import { decodePng } from './png.ts';

export interface Panel {
  width: number;
  height: number;
}

export interface Drawn {
  shown: boolean;
  next_in_ms?: number | null;
  clipped: number;
  /** The frame, when shown; hand it back with `release` once it has been sent. */
  pixels?: Uint8Array;
}

export async function loadHostedPlugin(
  req: LoadRequest,
  panel: Panel,
  limits: { cacheValueBytes: number; cacheEntries: number },
  facts: NonNullable<LoadRequest['facts']>,
  send: (m: ContextMessage) => void,
) {
  const { plugin } = req;
  const ctx = createPluginContext(
    {
      id: plugin.id,
      config: req.config,
      manifest: plugin.manifest,
      width: panel.width,
      height: panel.height,
      dir: plugin.dir,
      dataDir: plugin.data_dir,
      host: facts,
      cache: req.cache ?? {},
      limits,
    },
    send,
    decodePng,
  );
  const instance = await loadPluginModule(plugin.entry, ctx);
  return createHostedPlugin(instance, panel, plugin.manifest.fps);
}

export function createHostedPlugin(instance: PluginInstance, panel: Panel, manifestFps: unknown) {
  // Frames in flight to the display keep their buffer until written; the rest wait here for reuse.
  const spare: Uint8Array[] = [];
  const size = panel.width * panel.height * 3;
  let lastLive = false;

  return {
    info: () => ({
      modes: modesOf(instance),
      fps: fpsOf(instance, manifestFps),
      has_update: typeof instance.update === 'function',
      has_live: typeof instance.hasLiveContent === 'function',
    }),

    /** Runs update(); gives up (rejects) at the deadline, even if the plugin ignores its signal. */
    async update(deadlineMs: number): Promise<{ retry_in_seconds?: number }> {
      if (typeof instance.update !== 'function') return {};
      const ac = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          const e = new Error(`update did not finish within its deadline of ${deadlineMs} ms`);
          ac.abort(e);
          reject(e);
        }, deadlineMs);
      });
      try {
        const result = await Promise.race([
          Promise.resolve(instance.update({ signal: ac.signal, deadline: Date.now() + deadlineMs })),
          late,
        ]);
        const retry = (result as { retryInSeconds?: unknown } | null | undefined)?.retryInSeconds;
        return typeof retry === 'number' && Number.isFinite(retry) && retry > 0 ? { retry_in_seconds: retry } : {};
      } finally {
        clearTimeout(timer);
      }
    },

    async render(req: RenderRequest): Promise<Drawn> {
      const buf = spare.pop() ?? new Uint8Array(size);
      const frame = new Frame(panel.width, panel.height, buf).clear();
      const info: RenderInfo = {
        mode: req.mode,
        width: panel.width,
        height: panel.height,
        now: req.now,
        elapsedMs: req.elapsed_ms ?? 0,
        frame: req.frame_no,
      };
      let result = instance.render(frame, info);
      if (result && typeof (result as Promise<unknown>).then === 'function') result = await result;
      const shown = result !== false;
      if (!shown) spare.push(buf);
      const next = nextInMs(instance, info, fpsOf(instance, manifestFps));
      return {
        shown,
        clipped: frame.clipped,
        ...(next === undefined ? {} : { next_in_ms: next }),
        ...(shown ? { pixels: buf } : {}),
      };
    },

    release(pixels: Uint8Array) {
      if (spare.length < 2) spare.push(pixels);
    },

    configure(config: Record<string, unknown>) {
      instance.onConfigChange?.(config);
    },

    async action(action: string, params: Record<string, unknown>): Promise<unknown> {
      if (typeof instance.onAction !== 'function') throw new TypeError('this plugin has no actions');
      return await instance.onAction(action, params);
    },

    /** The live-content flag when it changed since the last call, else undefined. */
    liveChange(): boolean | undefined {
      if (typeof instance.hasLiveContent !== 'function') return undefined;
      let now = false;
      try {
        now = !!instance.hasLiveContent();
      } catch {
        now = false;
      }
      if (now === lastLive) return undefined;
      lastLive = now;
      return now;
    },

    dispose() {
      instance.dispose?.();
    },
  };
}

export type HostedPlugin = ReturnType<typeof createHostedPlugin>;
