/**
 * Marquee's settings: every one typed, with its default, validated at start. The environment is
 * read here and nowhere else (`MARQUEE_*`, plus `PORT`). An invalid value stops the process before
 * it listens, with one line naming the setting, what was expected and what was given.
 */
import { Cron } from 'croner';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import type { EnvBinding } from './core/settings/env.ts';
import { loadSettingsFrom } from './core/settings/load.ts';

declare const MARQUEE_BUNDLE: boolean | undefined;

/** Whether this code runs from the production bundle in dist/ (set by scripts/build.mjs). */
export const BUNDLED = typeof MARQUEE_BUNDLE !== 'undefined' && MARQUEE_BUNDLE;

/** The project folder: where this file is, or its parent when running from dist/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), BUNDLED ? '..' : '.');

// Each helper's message is the expectation printed when a value is refused.
const int = (min: number, max: number, fallback: number) => {
  const msg = `an integer from ${min} to ${max}`;
  return v.optional(v.pipe(v.number(msg), v.integer(msg), v.minValue(min, msg), v.maxValue(max, msg)), fallback);
};
const text = (fallback: string, msg = 'a non-empty string') =>
  v.optional(v.pipe(v.string(msg), v.trim(), v.minLength(1, msg)), fallback);
const dir = (fallback: string) =>
  v.optional(
    v.pipe(
      v.string('a folder path'),
      v.minLength(1, 'a folder path'),
      v.transform((p) => path.resolve(PROJECT_ROOT, p)),
    ),
    fallback,
  );
const oneOf = <const T extends readonly [string, ...string[]]>(options: T, fallback: T[number]) =>
  v.optional(v.picklist(options, `one of ${options.join(' | ')}`), fallback);
const cron = (fallback: string) => {
  const msg = 'a cron expression (5 or 6 fields)';
  return v.optional(
    v.pipe(
      v.string(msg),
      v.check((expr) => {
        try {
          new Cron(expr, { paused: true }).stop();
          return true;
        } catch {
          return false;
        }
      }, msg),
    ),
    fallback,
  );
};
const url = v.pipe(v.string('a URL or file path'), v.minLength(1, 'a URL or file path'));

export const settingsSchema = v.object({
  host: text('127.0.0.1', 'a host name or IP address'),
  // 0 asks the system for any free port (tests and benchmarks).
  port: int(0, 65535, 5000),
  dataDir: dir('data'),
  configDir: dir('config'),
  pluginsDir: dir('plugin-repos'),
  /** The built web interface (scripts/build-ui.mjs writes it). */
  uiDir: dir('dist/ui'),
  logLevel: oneOf(['debug', 'info', 'warn', 'error', 'silent'], 'info'),
  registry: v.optional(
    v.object({
      /** plugins.json URLs, GitHub repositories holding one, or local files; the built-in source is always added. */
      sources: v.optional(v.array(url, 'a list of registry URLs'), []),
      ttlMs: int(10_000, 7 * 86_400_000, 15 * 60_000),
    }),
    {},
  ),
  display: v.optional(
    v.object({
      backend: oneOf(['auto', 'emulator', 'rpi'], 'auto'),
      rows: int(8, 256, 32),
      cols: int(8, 256, 64),
      chainLength: int(1, 16, 1),
      parallel: int(1, 3, 1),
      heartbeatMs: int(500, 60_000, 5_000),
      /** A heartbeat older than this means the display process is not alive. */
      heartbeatStaleMs: int(1_000, 600_000, 15_000),
    }),
    {},
  ),
  schedules: v.optional(
    v.object({
      /** Keeps the SQLite write-ahead log short, so a power cut loses little and reads stay fast. */
      walCheckpoint: cron('*/15 * * * *'),
    }),
    {},
  ),
  limits: v.optional(
    v.object({
      bodyBytes: int(1_024, 64 * 1024 * 1024, 1024 * 1024),
      queueMaxPending: int(1, 100_000, 100),
      queueConcurrency: int(1, 16, 2),
      historyMaxRows: int(10, 1_000_000, 1_000),
      historyMaxDays: int(1, 3_650, 90),
    }),
    {},
  ),
  timeouts: v.optional(
    v.object({
      /** Time a client has to send its request headers. */
      headersMs: int(1_000, 120_000, 10_000),
      /** Time a client has to send its whole request. */
      requestMs: int(1_000, 600_000, 30_000),
      keepAliveMs: int(100, 120_000, 5_000),
      outboundConnectMs: int(100, 60_000, 5_000),
      outboundTotalMs: int(1_000, 600_000, 15_000),
    }),
    {},
  ),
  shutdown: v.optional(
    v.object({
      /** Phase 1: in-flight requests and tasks may finish. */
      graceMs: int(0, 300_000, 10_000),
      /** Phase 2: after aborting what remains, how long to wait before closing anyway. */
      abortMs: int(0, 60_000, 3_000),
    }),
    {},
  ),
});

export type Settings = v.InferOutput<typeof settingsSchema>;

/** Environment variables, each bound to one setting. README's settings table lists every one. */
export const ENV_BINDINGS: Readonly<Record<string, EnvBinding>> = Object.freeze({
  MARQUEE_HOST: { path: 'host', kind: 'string' },
  PORT: { path: 'port', kind: 'number' },
  MARQUEE_PORT: { path: 'port', kind: 'number' },
  MARQUEE_DATA_DIR: { path: 'dataDir', kind: 'string' },
  MARQUEE_CONFIG_DIR: { path: 'configDir', kind: 'string' },
  MARQUEE_PLUGINS_DIR: { path: 'pluginsDir', kind: 'string' },
  MARQUEE_UI_DIR: { path: 'uiDir', kind: 'string' },
  MARQUEE_LOG_LEVEL: { path: 'logLevel', kind: 'string' },
  MARQUEE_REGISTRY_SOURCES: { path: 'registry.sources', kind: 'list' },
  MARQUEE_REGISTRY_TTL_MS: { path: 'registry.ttlMs', kind: 'number' },
  MARQUEE_DISPLAY_BACKEND: { path: 'display.backend', kind: 'string' },
  MARQUEE_PANEL_ROWS: { path: 'display.rows', kind: 'number' },
  MARQUEE_PANEL_COLS: { path: 'display.cols', kind: 'number' },
  MARQUEE_PANEL_CHAIN_LENGTH: { path: 'display.chainLength', kind: 'number' },
  MARQUEE_PANEL_PARALLEL: { path: 'display.parallel', kind: 'number' },
  MARQUEE_DISPLAY_HEARTBEAT_MS: { path: 'display.heartbeatMs', kind: 'number' },
  MARQUEE_DISPLAY_HEARTBEAT_STALE_MS: { path: 'display.heartbeatStaleMs', kind: 'number' },
  MARQUEE_CRON_WAL_CHECKPOINT: { path: 'schedules.walCheckpoint', kind: 'string' },
  MARQUEE_BODY_LIMIT_BYTES: { path: 'limits.bodyBytes', kind: 'number' },
  MARQUEE_QUEUE_MAX_PENDING: { path: 'limits.queueMaxPending', kind: 'number' },
  MARQUEE_QUEUE_CONCURRENCY: { path: 'limits.queueConcurrency', kind: 'number' },
  MARQUEE_HISTORY_MAX_ROWS: { path: 'limits.historyMaxRows', kind: 'number' },
  MARQUEE_HISTORY_MAX_DAYS: { path: 'limits.historyMaxDays', kind: 'number' },
  MARQUEE_HEADERS_TIMEOUT_MS: { path: 'timeouts.headersMs', kind: 'number' },
  MARQUEE_REQUEST_TIMEOUT_MS: { path: 'timeouts.requestMs', kind: 'number' },
  MARQUEE_KEEPALIVE_TIMEOUT_MS: { path: 'timeouts.keepAliveMs', kind: 'number' },
  MARQUEE_OUTBOUND_CONNECT_TIMEOUT_MS: { path: 'timeouts.outboundConnectMs', kind: 'number' },
  MARQUEE_OUTBOUND_TOTAL_TIMEOUT_MS: { path: 'timeouts.outboundTotalMs', kind: 'number' },
  MARQUEE_SHUTDOWN_GRACE_MS: { path: 'shutdown.graceMs', kind: 'number' },
  MARQUEE_SHUTDOWN_ABORT_MS: { path: 'shutdown.abortMs', kind: 'number' },
});

/**
 * Reads and validates the settings. `env` defaults to the process environment; `overrides` are
 * dotted paths set by code (tests and tools), applied last. Throws `SettingsError`.
 */
export function loadSettings(
  env: Record<string, string | undefined> = process.env,
  overrides: Record<string, unknown> = {},
): Settings {
  return loadSettingsFrom({ schema: settingsSchema, env, bindings: ENV_BINDINGS, overrides });
}
