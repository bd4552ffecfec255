/** The context a JavaScript plugin receives (docs/PLUGINS.md, "The context"), inside its host. */
import fs from 'node:fs';
import path from 'node:path';
import { FONT_NAMES } from '../../render/fonts/index.ts';
import type { Image } from '../../render/image.ts';
import type { CacheEntry, HostFacts, Json, PluginLogLevel } from '../messages.ts';

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
  /** The plugin's folder: readable, not writable. */
  dir: string;
  /** The plugin's own folder for files it keeps (the only place it may write). */
  dataDir: string;
  /** Device facts (web UI address, time zone, location); a change reloads the plugin. */
  host: Readonly<HostFacts>;
  log: PluginLogger;
  cache: PluginCache;
  fonts: readonly string[];
  /** Decodes a PNG file of the plugin's folder (or bytes) into an image for `frame.image()`. */
  loadImage(fileOrBytes: string | Uint8Array): Image;
}

export interface ContextSpec {
  id: string;
  config: Json;
  manifest: Json;
  width: number;
  height: number;
  dir: string;
  dataDir: string;
  host: HostFacts;
  cache: Record<string, CacheEntry>;
  limits: { cacheValueBytes: number; cacheEntries: number };
}

/** Messages the context sends to the display (`log` and `cache` of the protocol). */
export type ContextMessage =
  | { t: 'log'; plugin_id: string; level: PluginLogLevel; message: string; fields?: Json }
  | { t: 'cache'; plugin_id: string; key: string; value: string | null; expires_at: number | null };

type Send = (m: ContextMessage) => void;

function createCache(spec: ContextSpec, send: Send): PluginCache {
  const entries = new Map(Object.entries(spec.cache));
  const alive = (e: CacheEntry | undefined) => !!e && (e.expires_at === null || e.expires_at > Date.now());
  const { cacheValueBytes, cacheEntries } = spec.limits;
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
      if (text.length > cacheValueBytes) throw new RangeError(`cache value over ${cacheValueBytes} bytes`);
      if (!entries.has(key) && entries.size >= cacheEntries)
        throw new RangeError(`cache holds at most ${cacheEntries} keys`);
      const expiresAt = opts.ttlMs && opts.ttlMs > 0 ? Date.now() + opts.ttlMs : null;
      const prev = entries.get(key);
      if (prev && prev.value === text && prev.expires_at === expiresAt) return;
      entries.set(key, { value: text, expires_at: expiresAt });
      send({ t: 'cache', plugin_id: spec.id, key, value: text, expires_at: expiresAt });
    },
    delete(key) {
      if (entries.delete(key)) send({ t: 'cache', plugin_id: spec.id, key, value: null, expires_at: null });
    },
    keys: () => [...entries.keys()].filter((k) => alive(entries.get(k))),
  };
}

function createLog(id: string, send: Send): PluginLogger {
  const line = (level: PluginLogLevel) => (msg: string, fields?: Json) =>
    send({
      t: 'log',
      plugin_id: id,
      level,
      message: String(msg),
      fields: fields && typeof fields === 'object' ? fields : undefined,
    });
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

export function createPluginContext(spec: ContextSpec, send: Send, decodePng: (b: Uint8Array) => Image): PluginContext {
  return {
    id: spec.id,
    config: spec.config,
    manifest: spec.manifest,
    width: spec.width,
    height: spec.height,
    dir: spec.dir,
    dataDir: spec.dataDir,
    host: Object.freeze(spec.host),
    log: createLog(spec.id, send),
    cache: createCache(spec, send),
    fonts: FONT_NAMES,
    loadImage(fileOrBytes) {
      if (typeof fileOrBytes !== 'string') return decodePng(fileOrBytes);
      const file = path.resolve(spec.dir, fileOrBytes);
      if (!file.startsWith(spec.dir + path.sep)) throw new RangeError('images load from the plugin folder only');
      return decodePng(fs.readFileSync(file));
    },
  };
}
