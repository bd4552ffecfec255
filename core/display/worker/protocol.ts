/** Messages between the render loop (main thread) and a plugin's worker thread. */
import type { Json } from '../config-files.ts';

/** Facts about the device a plugin may show or use (docs/PLUGINS.md, "The context"). */
export interface HostFacts {
  /** Where the web UI listens: the bind address from the settings (`0.0.0.0`: every interface) and the port. */
  web: { host: string; port: number };
  /** Marquee's time zone: config.json `timezone`, else the machine's. */
  timezone: string;
  /** config.json `location` (LEDMatrix keys: city, state, country, lat, lon), as the user set it. */
  location: Json;
}

export interface WorkerInit {
  pluginId: string;
  entry: string;
  dir: string;
  manifest: Json;
  config: Json;
  width: number;
  height: number;
  host: HostFacts;
  /** The persisted cache: key → JSON text. */
  cache: Record<string, { value: string; expiresAt: number | null }>;
  /** Float64 slot the worker stamps with Date.now() every 50 ms: main reads it to see a blocked thread. */
  beat: SharedArrayBuffer;
  limits: { cacheValueBytes: number; cacheEntries: number };
}

export interface RenderInfo {
  mode: string;
  width: number;
  height: number;
  /** Wall-clock time of the frame (ms since epoch). */
  now: number;
  /** Milliseconds since this mode came on screen. */
  elapsedMs: number;
  /** Frame number within this dwell, from 0. */
  frame: number;
}

export type ToWorker =
  | { t: 'update'; id: number; deadlineMs: number }
  | { t: 'render'; id: number; info: RenderInfo; buf: ArrayBuffer }
  | { t: 'config'; config: Json };

export type FromWorker =
  | { t: 'ready'; modes: string[] | null; fps: number | null; hasUpdate: boolean; hasLive: boolean }
  /** `retryInMs`: the plugin asked for its next update sooner than its interval (it has no data yet). */
  | { t: 'updated'; id: number; ok: boolean; error?: string; ms: number; retryInMs?: number }
  | {
      t: 'rendered';
      id: number;
      ok: boolean;
      drew: boolean;
      error?: string;
      ms: number;
      clipped: number;
      buf: ArrayBuffer;
    }
  | { t: 'live'; value: boolean }
  | { t: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; fields?: Json }
  | { t: 'cache'; key: string; value: string | null; expiresAt: number | null }
  | { t: 'fatal'; error: string };
