/**
 * Renders a plugin the way the display does: placed by the display's supervisor in a plugin host
 * of its own, confined and limited as on the panel, one host per panel size, each mode drawn into
 * a fresh frame. Only the clock (`info.now`) and the data (fixture cache) are fixed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../platform/log.ts';
import type { Outcome, RenderReply } from '../hosts/messages.ts';
import type { HostPlatform } from '../hosts/platform.ts';
import { createSupervisor, type PluginLink } from '../hosts/supervisor.ts';
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
  /** Render time on the host's CPU for each call (the first, then `repeat` more). */
  ms: number[];
}

export interface PluginLogLine {
  level: string;
  msg: string;
  fields?: Record<string, unknown>;
}

/** The display's limits (hono.config.ts defaults), with a short load deadline: a harness run must not hang. */
export const HARNESS_LIMITS = { loadMs: 10_000, renderMs: 1_000, memoryMb: 64 };

const silent = createLogger({ level: 'silent', clock: { now: () => Date.now() } });

export interface RenderRequest {
  plugin: PluginOnDisk;
  fixture: Fixture;
  size: Size;
  hosts: HostPlatform;
  /** Modes to draw (default: every mode the plugin reports). */
  modes?: string[];
  /** Extra renders per mode for timing, each 33 ms later than the last. */
  repeat?: number;
}

/** Loads the plugin in a host at one size and draws its modes; a plugin that fails to load rejects. */
export async function renderAtSize(req: RenderRequest): Promise<{ frames: ModeFrame[]; logs: PluginLogLine[] }> {
  const { plugin, fixture, size } = req;
  const logs: PluginLogLine[] = [];
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-harness-'));
  // The host's user (another one when run as root) must be able to enter it to reach its own folder.
  fs.chmodSync(dataRoot, 0o711);
  const supervisor = createSupervisor({
    runtimes: req.hosts.runtimes,
    confinement: req.hosts.confinement,
    panel: size,
    dataRoot,
    memoryMb: HARNESS_LIMITS.memoryMb,
    loadDeadlineMs: HARNESS_LIMITS.loadMs,
    cacheLimits: { cacheValueBytes: 256 * 1024, cacheEntries: 500 },
    shareFirstParty: false,
    firstPartyDirs: () => [],
    facts: () => fixture.host,
    log: silent,
  });
  let died: string | null = null;
  const link = supervisor.attach(
    { id: plugin.id, dir: plugin.dir, entry: plugin.entry!, manifest: plugin.manifest, firstParty: false },
    {
      lost: (n) => void (died = n.reason),
      cache: () => {},
      live: () => {},
      log: (level, msg, fields) => void logs.push({ level, msg, fields }),
    },
  );
  try {
    const cache = Object.fromEntries(
      Object.entries(fixture.cache).map(([k, value]) => [k, { value: JSON.stringify(value), expires_at: null }]),
    );
    const loaded = await link.load({ ...fixture.config, enabled: true }, fixture.host, cache);
    if (!loaded.ok) throw new Error(loaded.error);
    const modes = req.modes ?? loaded.reply.modes ?? plugin.modes;
    const frames: ModeFrame[] = [];
    for (const mode of modes) frames.push(await renderMode(link, mode, size, fixture, req.repeat ?? 0, () => died));
    return { frames, logs };
  } finally {
    link.detach();
    await supervisor.stop();
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

async function renderMode(
  link: PluginLink,
  mode: string,
  size: Size,
  fixture: Fixture,
  repeat: number,
  died: () => string | null,
): Promise<ModeFrame> {
  const draw = async (i: number) => {
    let pixels: Uint8Array | null = null;
    const req = {
      mode,
      now: fixture.now + i * 33,
      elapsed_ms: fixture.elapsedMs + i * 33,
      frame_no: i,
      force_clear: true,
    };
    const out = (await link.render(req, HARNESS_LIMITS.renderMs, (px) => (pixels = px))) as Outcome<RenderReply>;
    return { out, pixels: pixels as Uint8Array | null };
  };
  const first = await draw(0);
  const { out } = first;
  const frame: ModeFrame = {
    mode,
    ok: out.ok,
    error: out.ok ? undefined : (died() ?? out.error),
    drew: out.ok && out.reply.shown !== false,
    clipped: out.ok ? Number(out.reply.clipped ?? 0) : 0,
    pixels: first.pixels ? Uint8Array.from(first.pixels) : new Uint8Array(size.width * size.height * 3),
    ms: [out.cpuMs],
  };
  for (let i = 1; i <= repeat && out.ok; i++) frame.ms.push((await draw(i)).out.cpuMs);
  return frame;
}
