/** Typed shapes of the protocol's messages (specified in protocol.ts), as both Node ends use them. */
/** A JSON object (settings, manifests). */
export type Json = Record<string, unknown>;

/** Facts about the device a plugin may show or use (docs/PLUGINS.md, "The context"). */
export interface HostFacts {
  /** Where the web UI listens: the bind address from the settings (`0.0.0.0`: every interface) and the port. */
  web: { host: string; port: number };
  /** Marquee's time zone: config.json `timezone`, else the machine's. */
  timezone: string;
  /** config.json `location` (LEDMatrix keys: city, state, country, lat, lon), as the user set it. */
  location: Json;
}

export interface CacheEntry {
  /** JSON text of the value. */
  value: string;
  expires_at: number | null;
}

export interface PluginToLoad {
  id: string;
  /** The plugin's folder (absolute): readable, never writable. */
  dir: string;
  /** Its own writable folder for files it keeps (cache, state). */
  data_dir: string;
  /** Absolute path of the module the runtime loads. */
  entry: string;
  manifest: Json;
}

export interface InitRequest {
  t: 'init';
  protocol: number;
  panel: { width: number; height: number };
  facts: HostFacts;
  limits?: { cache_value_bytes: number; cache_entries: number };
}

export interface LoadRequest {
  t: 'load';
  plugin: PluginToLoad;
  config: Json;
  facts?: HostFacts;
  cache?: Record<string, CacheEntry>;
}

export interface RenderRequest {
  t: 'render';
  plugin_id: string;
  mode: string;
  /** Wall-clock instant the frame is for (ms since the epoch): frames may be asked for ahead. */
  now: number;
  frame_no: number;
  force_clear: boolean;
  elapsed_ms?: number;
}

export type Request =
  | InitRequest
  | LoadRequest
  | { t: 'update'; plugin_id: string; deadline_ms?: number }
  | RenderRequest
  | { t: 'configure'; plugin_id: string; config: Json }
  | { t: 'action'; plugin_id: string; action: string; params: Json }
  | { t: 'unload'; plugin_id: string };

export interface InitReply {
  runtime: string;
  runtime_version: string;
  pid: number;
  confined?: { permission?: boolean };
}

export interface LoadReply {
  modes: string[] | null;
  fps: number | null;
  has_update?: boolean;
  has_live?: boolean;
  /** A LEDMatrix plugin's own durations (`get_display_duration()`, dynamic duration and its cap). */
  durations?: { display_s: number; dynamic: boolean; dynamic_cap_s: number | null };
  /** A LEDMatrix plugin's update interval (its hook, the manifest's, its settings', else 60 s). */
  update_interval_s?: number;
  /** A LEDMatrix plugin's `has_live_priority()`: its live content may take the panel. */
  live_priority?: boolean;
}

export interface RenderReply {
  shown: boolean;
  next_in_ms: number | null;
  clipped?: number;
  /** A LEDMatrix plugin's `is_cycle_complete()` after this frame (its dynamic duration may end). */
  cycle_complete?: boolean;
}

/** A request's answer as the display sees it: the reply header, or why there is none. */
export type Outcome<T = Record<string, unknown>> =
  | { ok: true; reply: T; cpuMs: number }
  | {
      ok: false;
      error: string;
      cpuMs: number;
      /** The host died or was killed while this request was in flight (not the plugin's own error). */
      lost?: boolean;
      /** The plugin may not run here at all (it cannot be confined); retrying will not help. */
      refused?: boolean;
      /** The `error` reply's code (`PLUGIN_CALL_FAILED`, `UNKNOWN_ACTION`, …), when the host answered. */
      code?: string;
      /** The host's resident size after the call, when it answered. */
      rss?: number;
    };

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type PluginLogLevel = (typeof LOG_LEVELS)[number];
