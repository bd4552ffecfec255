/** A JavaScript plugin's module inside its host: loading it and calling its methods. */
import { pathToFileURL } from 'node:url';
import type { Frame } from '../../render/frame.ts';
import type { PluginContext } from './plugin-api.ts';

/** What the render() of a JavaScript plugin receives besides the frame. */
export interface RenderInfo {
  mode: string;
  width: number;
  height: number;
  /** Wall-clock time of the frame (ms since epoch); frames are asked for ahead, so not always now. */
  now: number;
  /** Milliseconds since this mode came on screen. */
  elapsedMs: number;
  /** Frame number within this dwell, from 0. */
  frame: number;
}

export interface PluginInstance {
  update?(opts: { signal: AbortSignal; deadline: number }): unknown;
  render(frame: Frame, info: RenderInfo): unknown;
  /** When it wants to be drawn again, in ms (null: only when something changes). */
  nextFrameIn?(info: RenderInfo): unknown;
  hasLiveContent?(): unknown;
  onConfigChange?(config: Record<string, unknown>): unknown;
  onAction?(action: string, params: Record<string, unknown>): unknown;
  dispose?(): unknown;
  modes?: unknown;
  fps?: unknown;
}

const isClass = (f: unknown) => typeof f === 'function' && /^class[\s{]/.test(Function.prototype.toString.call(f));

/** Imports the module and builds the plugin from its default export (a class, a factory or an object). */
export async function loadPluginModule(entry: string, ctx: PluginContext): Promise<PluginInstance> {
  const mod = (await import(pathToFileURL(entry).href)) as { default?: unknown };
  const exported = mod.default;
  let plugin: unknown;
  if (isClass(exported)) plugin = new (exported as new (c: PluginContext) => unknown)(ctx);
  else if (typeof exported === 'function') plugin = await (exported as (c: PluginContext) => unknown)(ctx);
  else if (exported && typeof exported === 'object') {
    plugin = exported;
    await (exported as { init?: (c: PluginContext) => unknown }).init?.(ctx);
  }
  if (!plugin || typeof (plugin as PluginInstance).render !== 'function')
    throw new TypeError('the default export must be a class, a factory or an object with a render(frame, info) method');
  return plugin as PluginInstance;
}

export const modesOf = (p: PluginInstance): string[] | null =>
  Array.isArray(p.modes) && p.modes.length && p.modes.every((m) => typeof m === 'string')
    ? (p.modes as string[])
    : null;

export const fpsOf = (p: PluginInstance, manifestFps: unknown): number | null => {
  const fps = typeof p.fps === 'number' && p.fps > 0 ? p.fps : manifestFps;
  return typeof fps === 'number' && Number.isFinite(fps) && fps > 0 ? Math.min(120, fps) : null;
};

/**
 * When the plugin wants its next frame: its own `nextFrameIn(info)` (a number of ms, or null for
 * "only when something changes"), else its frame rate; undefined when it says neither, so the
 * display's default rate applies.
 */
export function nextInMs(p: PluginInstance, info: RenderInfo, fps: number | null): number | null | undefined {
  if (typeof p.nextFrameIn === 'function') {
    const v = p.nextFrameIn(info);
    if (v === null) return null;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  }
  return fps ? 1000 / fps : undefined;
}

export const describeError = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
