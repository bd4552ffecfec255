/**
 * The render harness: a plugin at every panel size and mode, checked against its golden images.
 * `npm run plugin:render` (scripts/plugin-render.ts) is its command line; the first-party tests
 * and the harness benchmark call `runHarness` directly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readPluginDir } from '../display/plugins-on-disk.ts';
import type { HostUser } from '../hosts/confine.ts';
import { createHostPlatform, type HostPlatform } from '../hosts/platform.ts';
import { judgeFrame, type FrameProblem } from './check.ts';
import { readFixture } from './fixture.ts';
import { diffImage, goldenFile, readRgbPng, writeRgbPng } from './golden.ts';
import { renderAtSize, type PluginLogLine } from './render.ts';
import { parseSize, sizeName, type Size } from './sizes.ts';

export interface HarnessOptions {
  pluginDir: string;
  /** Sizes such as "128x32" (default: the fixture's, else all eight). */
  sizes?: string[];
  modes?: string[];
  /** Also write each frame (and a diff image of each difference) under this folder. */
  outDir?: string;
  /** Rewrite golden images that are missing or differ (never with a frame that has other problems). */
  update?: boolean;
  /** Extra renders per mode, for timings. */
  repeat?: number;
  /** Sizes rendered at once (each in a plugin host of its own). */
  concurrency?: number;
  /** The plugin host platform (default: this machine's, as the display finds it). */
  hosts?: HostPlatform;
  /** Hosts run as this user when the harness runs as root (the display's `plugins.hostUid`/`hostGid`). */
  hostUser?: HostUser;
}

export interface HarnessResult {
  size: string;
  mode: string;
  problems: FrameProblem[];
  /** Render times on the host's CPU, ms. */
  ms: number[];
  golden: string;
  updated: boolean;
}

export interface HarnessReport {
  plugin: string;
  dir: string;
  results: HarnessResult[];
  /** Sizes at which the plugin did not even load. */
  loadErrors: Array<{ size: string; error: string }>;
  logs: PluginLogLine[];
  ok: boolean;
}

/** A plugin folder from an id (looked up in `pluginsDir`) or a path. */
export function resolvePluginDir(arg: string, pluginsDir: string): string {
  const asPath = path.resolve(arg);
  if (fs.existsSync(path.join(asPath, 'manifest.json'))) return asPath;
  const inRepo = path.join(pluginsDir, arg);
  if (fs.existsSync(path.join(inRepo, 'manifest.json'))) return inRepo;
  throw new Error(`no plugin "${arg}": neither a folder with a manifest.json nor a plugin in ${pluginsDir}`);
}

/** The id the folder's manifest declares (the folder name may differ outside plugin-repos/). */
function manifestId(dir: string): string {
  try {
    const id = (JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { id?: unknown }).id;
    if (typeof id === 'string' && id) return id;
  } catch {
    // Reported below by readPluginDir, with the parse error.
  }
  return path.basename(dir);
}

async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  const queue = [...items];
  const workers = Array.from({ length: Math.max(1, Math.min(limit, queue.length)) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
  });
  await Promise.all(workers);
}

export async function runHarness(opts: HarnessOptions): Promise<HarnessReport> {
  const dir = path.resolve(opts.pluginDir);
  const plugin = readPluginDir(manifestId(dir), dir);
  if (!plugin.entry) throw new Error(`${plugin.id} cannot run: ${plugin.problem}`);
  const fixture = readFixture(dir);
  const sizes = (opts.sizes ?? fixture.sizes).map(parseSize);
  const unknown = (opts.modes ?? []).filter((m) => !plugin.modes.includes(m));
  if (unknown.length)
    throw new Error(`${plugin.id} has no mode ${unknown.join(', ')} (modes: ${plugin.modes.join(', ')})`);
  const hosts = opts.hosts ?? (await createHostPlatform({ hostUser: opts.hostUser ?? { uid: 65_534, gid: 65_534 } }));
  const report: HarnessReport = { plugin: plugin.id, dir, results: [], loadErrors: [], logs: [], ok: true };
  await pool(sizes, opts.concurrency ?? 4, async (size) => {
    try {
      const { frames, logs } = await renderAtSize({
        plugin,
        fixture,
        size,
        hosts,
        modes: opts.modes,
        repeat: opts.repeat,
      });
      report.logs.push(...logs);
      for (const frame of frames) report.results.push(settle(dir, size, frame, fixture.allowOffpanel, opts));
    } catch (e) {
      report.loadErrors.push({ size: sizeName(size), error: (e as Error).message });
    }
  });
  const order = (s: string) => sizes.findIndex((x) => sizeName(x) === s);
  report.results.sort((a, b) => order(a.size) - order(b.size) || a.mode.localeCompare(b.mode));
  report.ok = report.loadErrors.length === 0 && report.results.every((r) => r.problems.length === 0);
  return report;
}

function settle(
  dir: string,
  size: Size,
  frame: Parameters<typeof judgeFrame>[1],
  allowOffpanel: string[],
  opts: HarnessOptions,
): HarnessResult {
  const file = goldenFile(dir, size, frame.mode);
  const golden = readRgbPng(file, size);
  const allow = { allowOffpanel: allowOffpanel.includes(frame.mode) };
  let problems = judgeFrame(size, frame, opts.update ? undefined : golden, allow);
  let updated = false;
  if (opts.update && problems.length === 0 && !(golden && Buffer.compare(golden, frame.pixels) === 0)) {
    writeRgbPng(file, size, frame.pixels);
    updated = true;
  }
  if (opts.outDir) {
    const base = path.join(opts.outDir, sizeName(size), frame.mode);
    writeRgbPng(`${base}.png`, size, frame.pixels);
    if (golden && problems.some((p) => p.kind === 'differs'))
      writeRgbPng(`${base}.diff.png`, size, diffImage(golden, frame.pixels));
  }
  if (opts.update) problems = problems.filter((p) => p.kind !== 'no-golden');
  return { size: sizeName(size), mode: frame.mode, problems, ms: frame.ms, golden: file, updated };
}
