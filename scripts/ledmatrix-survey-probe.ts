/**
 * One plugin of the LEDMatrix survey at one panel size: a real Python host spawned, the plugin
 * loaded with its schema's defaults (and `enabled: true`), `update()` called once, then each
 * display mode rendered a few times (a scrolling plugin for up to 3 s, until it draws). Every call has a deadline; a host that misses one is killed
 * and the call is recorded as hung.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readPluginDir } from '../core/display/plugins-on-disk.ts';
import { initHost, spawnHost, type HostClient, type Reply } from '../test/hosts/python/host-process.ts';

export interface Probe {
  size: string;
  loaded: boolean;
  update: 'ok' | 'error' | 'hung' | 'skipped';
  nonBlank: boolean;
  renders: number;
  shownFalse: number;
  firstError: string | null;
  /** The first warning or error the plugin logged, which often says why a frame stayed blank. */
  firstLog: string | null;
  /** The last frame with a lit pixel (else the last frame), RGB, for looking at what was drawn. */
  lastFrame: Buffer | null;
}

export interface ProbeOptions {
  width: number;
  height: number;
  dataDir: string;
  renders: number;
  callMs: number;
  timezone: string;
  /** Settings laid over the schema's defaults, besides `enabled: true`. */
  config?: Record<string, unknown>;
}

const HUNG = Symbol('hung');
const SCROLL_MS = 3000;

async function call(
  host: HostClient,
  ms: number,
  t: string,
  fields: Record<string, unknown>,
): Promise<Reply | typeof HUNG> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof HUNG>((resolve) => (timer = setTimeout(() => resolve(HUNG), ms)));
  try {
    return await Promise.race([host.request(t, fields), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** The message of an error reply, with the last line of its traceback when that says more. */
export function errorText(reply: Record<string, unknown>): string {
  const message = String(reply.message ?? reply.code ?? 'error');
  const stack = typeof reply.stack === 'string' ? reply.stack.trim().split('\n') : [];
  const last = stack.at(-1) ?? '';
  return last && !message.includes(last) ? `${message} (${last})` : message;
}

function modesOf(manifest: Record<string, unknown>, load: Record<string, unknown>, id: string): string[] {
  const modes = (load.modes as string[] | undefined) ?? (manifest.display_modes as string[] | undefined) ?? [id];
  return modes.slice(0, 4);
}

export async function probePlugin(dir: string, opts: ProbeOptions): Promise<Probe> {
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  const id = String(manifest.id ?? path.basename(dir));
  const result: Probe = {
    size: `${opts.width}x${opts.height}`,
    loaded: false,
    update: 'skipped',
    nonBlank: false,
    renders: 0,
    shownFalse: 0,
    firstError: null,
    firstLog: null,
    lastFrame: null,
  };
  const note = (text: string) => (result.firstError ??= text);
  const host = spawnHost();
  try {
    await initHost(host, { width: opts.width, height: opts.height }, { facts: { timezone: opts.timezone } });
    const data_dir = path.join(opts.dataDir, id);
    // Read as the display reads it: the entry module, and the class when the manifest names none.
    const onDisk = readPluginDir(id, path.resolve(dir));
    if (!onDisk.entry) return (note(`load: ${onDisk.problem}`), result);
    const entry = path.relative(onDisk.dir, onDisk.entry);
    const plugin = { id, dir: onDisk.dir, data_dir, entry, manifest: onDisk.manifest };
    const load = await call(host, opts.callMs, 'load', { plugin, config: { ...opts.config, enabled: true } });
    if (load === HUNG) return (note('load did not answer'), result);
    if (load.reply.t !== 'done') return (note(`load: ${errorText(load.reply)}`), result);
    result.loaded = true;
    const update = await call(host, opts.callMs, 'update', { plugin_id: id });
    result.update = update === HUNG ? 'hung' : update.reply.t === 'done' ? 'ok' : 'error';
    if (update === HUNG) return (note('update did not answer'), result);
    if (update.reply.t !== 'done') note(`update: ${errorText(update.reply)}`);
    // A scroller (high frame rate) starts with a blank lead-in: it gets renders for a while, as
    // LEDMatrix's 8 ms loop would give it, until something is drawn.
    const scrolls = Number(load.reply.fps) > 1;
    for (const mode of modesOf(manifest, load.reply, id)) {
      const until = Date.now() + (scrolls ? SCROLL_MS : 0);
      for (let i = 0; i < opts.renders || (!result.nonBlank && Date.now() < until); i++) {
        const fields = { plugin_id: id, mode, now: Date.now(), frame_no: i, force_clear: i === 0 };
        const shown = await call(host, opts.callMs, 'render', fields);
        if (shown === HUNG) return (note(`render ${mode} did not answer`), result);
        result.renders++;
        if (shown.reply.t !== 'done') note(`render ${mode}: ${errorText(shown.reply)}`);
        else if (shown.reply.shown === false) result.shownFalse++;
        const lit = shown.frames.findLast((f) => f.payload.some((v) => v !== 0));
        if (lit) result.nonBlank = true;
        if (lit || (!result.nonBlank && shown.frames.length)) result.lastFrame = (lit ?? shown.frames.at(-1)!).payload;
      }
    }
    return result;
  } finally {
    const logged = host.logs.find((l) => l.level === 'warn' || l.level === 'error');
    result.firstLog = logged ? String(logged.message) : null;
    host.child.kill('SIGKILL');
    await host.exited;
  }
}
