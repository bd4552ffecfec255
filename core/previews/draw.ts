/**
 * Draws a plugin for its store preview: in a plugin host started through the host platform, with
 * the display's confinement plus a network namespace of its own (a preview host reaches no
 * machine), its settings' defaults, no secrets and no data but the sample its author ships. The
 * first mode is drawn `FRAMES` times, `STEP_MS` apart, so an animation shows as a strip.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { PluginOnDisk } from '../display/plugins-on-disk.ts';
import type { Fixture } from '../harness/fixture.ts';
import type { Outcome, RenderReply } from '../hosts/messages.ts';
import type { HostPlatform } from '../hosts/platform.ts';
import { createSupervisor, type PluginLink } from '../hosts/supervisor.ts';
import type { Logger } from '../platform/log.ts';
import type { Size } from './size.ts';

export const FRAMES = 10;
export const STEP_MS = 100;
/** The display's limits (hono.config.ts defaults); a preview host gets no more. */
export const PREVIEW_LIMITS = { loadMs: 10_000, renderMs: 1_000, memoryMb: 64 };

export interface Drawn {
  mode: string;
  /** RGB pixels of each frame, `width × height × 3` each. */
  frames: Uint8Array[];
  /** CPU time of each render in the host, ms. */
  cpuMs: number[];
}

/** Why the plugin cannot be drawn; `plain`: the reason is not a failure of the plugin (it waits for data). */
export class PreviewFailure extends Error {
  constructor(
    message: string,
    readonly plain = false,
  ) {
    super(message);
  }
}

export interface DrawRequest {
  plugin: PluginOnDisk;
  /** Where the plugin's instant, sample data and host facts come from; its config is replaced by `config`. */
  fixture: Fixture;
  config: Record<string, unknown>;
  size: Size;
  hosts: HostPlatform;
  log: Logger;
  signal?: AbortSignal;
}

export async function drawPreview(req: DrawRequest): Promise<Drawn> {
  const { plugin, fixture, size } = req;
  if (!plugin.entry) throw new PreviewFailure(plugin.problem ?? 'the plugin has no entry point');
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-preview-data-'));
  fs.chmodSync(dataRoot, 0o711);
  const supervisor = createSupervisor({
    runtimes: req.hosts.runtimes,
    confinement: { ...req.hosts.confinement, noNetwork: true },
    panel: size,
    dataRoot,
    memoryMb: PREVIEW_LIMITS.memoryMb,
    loadDeadlineMs: PREVIEW_LIMITS.loadMs,
    cacheLimits: { cacheValueBytes: 256 * 1024, cacheEntries: 500 },
    shareFirstParty: false,
    firstPartyDirs: () => [],
    facts: () => fixture.host,
    log: req.log,
  });
  let died: string | null = null;
  const placed = { id: plugin.id, dir: plugin.dir, entry: plugin.entry, manifest: plugin.manifest, firstParty: false };
  const link = supervisor.attach(placed, {
    lost: (n) => void (died = n.reason),
    cache: () => {},
    live: () => {},
    log: () => {},
  });
  const stop = () => link.detach();
  req.signal?.addEventListener('abort', stop, { once: true });
  try {
    const cache = Object.fromEntries(
      Object.entries(fixture.cache).map(([k, value]) => [k, { value: JSON.stringify(value), expires_at: null }]),
    );
    const loaded = await link.load({ ...req.config, enabled: true }, fixture.host, cache);
    if (!loaded.ok) throw new PreviewFailure(died ?? loaded.error);
    const mode = loaded.reply.modes?.[0] ?? plugin.modes[0] ?? plugin.id;
    return { mode, ...(await drawFrames(link, mode, req, () => died)) };
  } finally {
    req.signal?.removeEventListener('abort', stop);
    stop();
    await supervisor.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

async function drawFrames(link: PluginLink, mode: string, req: DrawRequest, died: () => string | null) {
  const frames: Uint8Array[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < FRAMES; i++) {
    req.signal?.throwIfAborted();
    let pixels: Uint8Array | null = null;
    const at = {
      mode,
      now: req.fixture.now + i * STEP_MS,
      elapsed_ms: req.fixture.elapsedMs + i * STEP_MS,
      frame_no: i,
      force_clear: true,
    };
    const out = (await link.render(
      at,
      PREVIEW_LIMITS.renderMs,
      (px) => (pixels = Uint8Array.from(px)),
    )) as Outcome<RenderReply>;
    if (!out.ok) throw new PreviewFailure(died() ?? out.error);
    if (out.reply.shown === false || !pixels)
      throw new PreviewFailure('shows nothing until it has fetched its data', true);
    frames.push(pixels);
    cpuMs.push(out.cpuMs);
  }
  return { frames, cpuMs };
}
