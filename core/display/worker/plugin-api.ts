import fs from 'node:fs';
import path from 'node:path';
import { FONT_NAMES } from '../../render/fonts/index.ts';
import type { Image } from '../../render/image.ts';
import type { Json } from '../config-files.ts';
import type { FromWorker, HostFacts, WorkerInit } from './protocol.ts';

export interface PluginCache {
  get<T = unknown>(key: string): T | undefined;
  /** Stores a JSON-serialisable value, persisted across restarts (written in batches). */
  set(key: string, value: unknown, opts?: { ttlMs?: number }): void;
  delete(key: string): void;
  keys(): string[];
}

export interface PluginLogger {
  debug(msg: string, fields?: Json): void;
  info(msg: string, fields?: Json): void;
  warn(msg: string, fields?: Json): void;
  error(msg: string, fields?: Json): void;
}

/** What a plugin receives when it is created (see docs/PLUGINS.md). */
export interface PluginContext {
  id: string;
  config: Json;
  manifest: Json;
  width: number;
  height: number;
  dir: string;
  /** Device facts (web UI address, time zone, location); a change restarts the plugin's worker. */
  host: Readonly<HostFacts>;
  log: PluginLogger;
  cache: PluginCache;
  fonts: readonly string[];
  /** Decodes a PNG file of the plugin's folder (or bytes) into an image for `frame.image()`. */
  loadImage(fileOrBytes: string | Uint8Array): Image;
}

type Post = (m: FromWorker) => void;

function createCache(init: WorkerInit, post: Post): PluginCache {
  const entries = new Map(Object.entries(init.cache));
  const alive = (e: { expiresAt: number | null } | undefined) =>
    !!e && (e.expiresAt === null || e.expiresAt > Date.now());
  return {
    get: <T>(key: string) => {
      const e = entries.get(key);
      return alive(e) ? (JSON.parse(e!.value) as T) : undefined;
    },
    set(key, value, opts = {}) {
      if (typeof key !== 'string' || !key || key.length > 200)
        throw new TypeError('cache key must be a string of 1–200 characters');
      const text = JSON.stringify(value);
      if (text === undefined) throw new TypeError('cache value must be JSON-serialisable');
      if (text.length > init.limits.cacheValueBytes)
        throw new RangeError(`cache value over ${init.limits.cacheValueBytes} bytes`);
      if (!entries.has(key) && entries.size >= init.limits.cacheEntries)
        throw new RangeError(`cache holds at most ${init.limits.cacheEntries} keys`);
      const expiresAt = opts.ttlMs && opts.ttlMs > 0 ? Date.now() + opts.ttlMs : null;
      const prev = entries.get(key);
      if (prev && prev.value === text && prev.expiresAt === expiresAt) return;
      entries.set(key, { value: text, expiresAt });
      post({ t: 'cache', key, value: text, expiresAt });
    },
    delete(key) {
      if (entries.delete(key)) post({ t: 'cache', key, value: null, expiresAt: null });
    },
    keys: () => [...entries.keys()].filter((k) => alive(entries.get(k))),
  };
}

function createLog(post: Post): PluginLogger {
  const send = (level: 'debug' | 'info' | 'warn' | 'error') => (msg: string, fields?: Json) =>
    post({ t: 'log', level, msg: String(msg), fields: fields && typeof fields === 'object' ? fields : undefined });
  return { debug: send('debug'), info: send('info'), warn: send('warn'), error: send('error') };
}

export function createPluginContext(init: WorkerInit, post: Post, decodePng: (b: Uint8Array) => Image): PluginContext {
  return {
    id: init.pluginId,
    config: init.config,
    manifest: init.manifest,
    width: init.width,
    height: init.height,
    dir: init.dir,
    host: Object.freeze(init.host),
    log: createLog(post),
    cache: createCache(init, post),
    fonts: FONT_NAMES,
    loadImage(fileOrBytes) {
      if (typeof fileOrBytes !== 'string') return decodePng(fileOrBytes);
      const file = path.resolve(init.dir, fileOrBytes);
      if (!file.startsWith(init.dir + path.sep)) throw new RangeError('images load from the plugin folder only');
      return decodePng(fs.readFileSync(file));
    },
  };
}
