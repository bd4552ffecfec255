/**
 * Makes one preview: the plugin's folder (a first-party one as shipped; any other downloaded and
 * extracted into a temporary folder with the install's checks, removed afterwards), its default
 * settings, drawn in a confined host, then kept (cache.ts). What the plugin itself causes (an
 * unsafe archive, a load or render failure, settings it cannot do without) is kept as the reason
 * the preview cannot be made; what may clear by itself (the network) is thrown to be retried, and
 * what the machine causes (no confinement) fails the operation without being kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readPluginDir, type PluginOnDisk } from '../display/plugins-on-disk.ts';
import { DEFAULT_HOST, DEFAULT_INSTANT, readFixture, type Fixture } from '../harness/fixture.ts';
import type { HostPlatform } from '../hosts/platform.ts';
import { runtimeFor } from '../hosts/runtime.ts';
import { AppError, isAppError } from '../platform/errors/app-error.ts';
import type { Platform } from '../platform/index.ts';
import { registrySource } from '../plugins/source.ts';
import { fetchToTemp } from '../plugins/temp-copy.ts';
import type { RegistryEntry } from '../registry/registry-format.ts';
import { BUILTIN_SOURCE } from '../registry/sources.ts';
import { encodePng } from '../render/png.ts';
import { readRecord, writeFailed, writeReady, type PreviewKey, type PreviewRecord } from './cache.ts';
import { previewSettings } from './defaults.ts';
import { drawPreview, PreviewFailure, STEP_MS, type Drawn } from './draw.ts';

export interface MakeDeps extends Pick<Platform, 'http' | 'settings' | 'version' | 'clock' | 'log'> {
  /** The plugin host platform, found once when the first preview is made. */
  hosts(): Promise<HostPlatform>;
  root: string;
}

const DEFAULT_FIXTURE: Fixture = {
  now: Date.parse(DEFAULT_INSTANT),
  elapsedMs: 0,
  config: {},
  cache: {},
  host: DEFAULT_HOST,
  sizes: [],
  allowOffpanel: [],
};

/** The instant, sample data and host facts the plugin's own harness fixture gives, else the harness's defaults. */
function fixtureOf(dir: string): Fixture {
  try {
    return readFixture(dir);
  } catch {
    return DEFAULT_FIXTURE;
  }
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;

function encode(drawn: Drawn, width: number, height: number) {
  const first = drawn.frames[0]!;
  const animated = drawn.frames.some((f) => !same(f, first));
  const strip = animated ? encodePng(width, height * drawn.frames.length, Buffer.concat(drawn.frames), 9) : null;
  const renderMs = drawn.cpuMs.reduce((a, b) => a + b, 0) / Math.max(1, drawn.cpuMs.length);
  return { still: encodePng(width, height, first, 9), strip, frames: animated ? drawn.frames.length : 1, renderMs };
}

/**
 * The plugin with the module a runtime of the host platform runs. No runtime for its kind of entry
 * point is this machine's lack, not the plugin's: not kept, so a runtime added later draws it.
 */
function runnable(plugin: PluginOnDisk, hosts: HostPlatform): PluginOnDisk {
  // The entry as the display reads it (a LEDMatrix plugin's defaults to manager.py), else as named.
  const named = typeof plugin.manifest.entry_point === 'string' ? plugin.manifest.entry_point : '';
  const rel = plugin.entry ? path.relative(plugin.dir, plugin.entry) : named;
  if (!rel) throw new PreviewFailure(plugin.problem ?? 'the manifest names no entry point');
  if (!runtimeFor(hosts.runtimes, rel))
    throw new AppError('PLUGIN_RUNTIME_MISSING', {
      message: `No plugin runtime on this machine runs ${rel}`,
      context: { entry_point: rel },
      transient: false,
    });
  if (plugin.entry) return plugin;
  const entry = path.resolve(plugin.dir, rel);
  if (!entry.startsWith(plugin.dir + path.sep) || !fs.existsSync(entry))
    throw new PreviewFailure(plugin.problem ?? `entry_point ${rel} is not in the plugin's folder`);
  return { ...plugin, entry, problem: null };
}

async function drawIn(deps: MakeDeps, dir: string, id: string, k: PreviewKey, signal?: AbortSignal) {
  const plugin = readPluginDir(id, dir);
  const settings = previewSettings(dir, plugin.manifest);
  if (settings.blocked) return writeFailed(deps.root, k, settings.blocked, deps.clock.now());
  const hosts = await deps.hosts();
  // The machine's fault, not the plugin's: not kept as the plugin's reason, so a fixed machine draws it.
  if (hosts.confinement.problem)
    throw new AppError('PLUGIN_SANDBOX_UNAVAILABLE', {
      message: `Plugin hosts cannot be confined on this machine: ${hosts.confinement.problem}`,
      transient: false,
    });
  const drawn = await drawPreview({
    plugin: runnable(plugin, hosts),
    fixture: fixtureOf(dir),
    config: settings.config,
    size: k.size,
    hosts,
    log: deps.log,
    signal,
  });
  const e = encode(drawn, k.size.width, k.size.height);
  return writeReady(deps.root, k, { ...e, mode: drawn.mode, frameMs: STEP_MS, at: deps.clock.now() });
}

/** The plugin's folder for the preview, and what to do with it afterwards. */
async function folderOf(deps: MakeDeps, entry: RegistryEntry, signal?: AbortSignal) {
  if (entry.source === BUILTIN_SOURCE) {
    const dir = fs.realpathSync(path.join(deps.settings.registry.builtinDir, entry.plugin_path || entry.id));
    return { dir, id: entry.id, remove: async () => {} };
  }
  const copy = await fetchToTemp(deps, registrySource(entry), { signal, prefix: 'marquee-preview-' });
  return { dir: copy.dir, id: copy.manifest.id, remove: copy.remove };
}

export async function makePreview(
  deps: MakeDeps,
  entry: RegistryEntry,
  k: PreviewKey,
  signal?: AbortSignal,
): Promise<PreviewRecord> {
  const kept = readRecord(deps.root, k);
  if (kept) return kept;
  let folder: Awaited<ReturnType<typeof folderOf>> | null = null;
  try {
    folder = await folderOf(deps, entry, signal);
  } catch (e) {
    // An archive refused for good (unsafe, invalid, not found) is the plugin's reason; the rest is retried.
    if (signal?.aborted || !isAppError(e) || e.transient) throw e;
    return writeFailed(deps.root, k, `failed: ${e.message}`, deps.clock.now());
  }
  try {
    return await drawIn(deps, folder.dir, folder.id, k, signal);
  } catch (e) {
    if (signal?.aborted || !(e instanceof PreviewFailure)) throw e;
    return writeFailed(deps.root, k, e.plain ? e.message : `failed: ${e.message}`, deps.clock.now());
  } finally {
    await folder?.remove();
  }
}
