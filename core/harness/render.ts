/**
 * Renders a plugin the way the display does: its ES module loaded by the plugin worker bootstrap
 * in a worker thread with the display's limits, one thread per panel size, each mode drawn into a
 * fresh frame. Only the clock (`info.now`) and the data (fixture cache) are fixed.
 */
import { createLogger } from '../platform/log.ts';
import { createPluginHost, type HostLimits } from '../display/plugin-host.ts';
import type { PluginOnDisk } from '../display/plugins-on-disk.ts';
import type { Fixture } from './fixture.ts';
import type { Size } from './sizes.ts';

export interface ModeFrame {
  mode: string;
  ok: boolean;
  error?: string;
  drew: boolean;
  clipped: number;
  /** RGB pixels, `width × height × 3`. */
  pixels: Uint8Array;
  /** Render time in the worker for each call (the first, then `repeat` more). */
  ms: number[];
}

export interface PluginLogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

/** The display's limits (hono.config.ts defaults), with a short load deadline: a harness run must not hang. */
export const HARNESS_LIMITS: HostLimits = {
  loadMs: 10_000,
  renderMs: 1_000,
  updateGraceMs: 1_000,
  blockedMs: 250,
  maxOldGenerationSizeMb: 64,
  maxYoungGenerationSizeMb: 8,
  stackSizeMb: 4,
  cacheValueBytes: 256 * 1024,
  cacheEntries: 500,
};

const silent = createLogger({ level: 'silent', clock: { now: () => Date.now() } });

export interface RenderRequest {
  plugin: PluginOnDisk;
  fixture: Fixture;
  size: Size;
  /** The plugin worker script (core/display/worker-script.ts). */
  script: string;
  /** Modes to draw (default: every mode the plugin reports). */
  modes?: string[];
  /** Extra renders per mode for timing, each 33 ms later than the last. */
  repeat?: number;
}

/** Loads the plugin in a worker at one size and draws its modes; a plugin that fails to load rejects. */
export async function renderAtSize(req: RenderRequest): Promise<{ frames: ModeFrame[]; logs: PluginLogLine[] }> {
  const { plugin, fixture, size } = req;
  const logs: PluginLogLine[] = [];
  const cache = Object.fromEntries(
    Object.entries(fixture.cache).map(([k, value]) => [k, { value: JSON.stringify(value), expiresAt: null }]),
  );
  const host = createPluginHost({
    plugin: { ...plugin, enabled: true, config: fixture.config, host: fixture.host },
    width: size.width,
    height: size.height,
    script: req.script,
    limits: HARNESS_LIMITS,
    cache,
    log: silent,
    on: {
      cache: () => {},
      live: () => {},
      log: (level, msg, fields) => void logs.push({ level, msg, fields }),
      died: () => {},
    },
  });
  try {
    const ready = await host.start();
    const modes = req.modes ?? ready.modes ?? plugin.modes;
    const frames: ModeFrame[] = [];
    for (const mode of modes) frames.push(await renderMode(host, mode, size, fixture, req.repeat ?? 0));
    return { frames, logs };
  } finally {
    host.stop('harness done');
  }
}

async function renderMode(
  host: ReturnType<typeof createPluginHost>,
  mode: string,
  size: Size,
  fixture: Fixture,
  repeat: number,
): Promise<ModeFrame> {
  const info = (i: number) => ({
    mode,
    width: size.width,
    height: size.height,
    now: fixture.now + i * 33,
    elapsedMs: fixture.elapsedMs + i * 33,
    frame: i,
  });
  const first = await host.render(info(0));
  const frame: ModeFrame = {
    mode,
    ok: first.ok,
    error: first.error,
    drew: first.drew,
    clipped: first.clipped,
    pixels: first.pixels ? first.pixels.slice() : new Uint8Array(size.width * size.height * 3),
    ms: [first.ms],
  };
  for (let i = 1; i <= repeat && first.ok; i++) frame.ms.push((await host.render(info(i))).ms);
  return frame;
}
