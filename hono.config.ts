/**
 * Marquee's settings: every one typed, with its default, validated at start. The environment is
 * read here and nowhere else (`MARQUEE_*`, plus `PORT`). An invalid value stops the process before
 * it listens, with one line naming the setting, what was expected and what was given.
 */
import { Cron } from 'croner';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as v from 'valibot';
import type { EnvBinding } from './core/platform/settings/env.ts';
import { loadSettingsFrom } from './core/platform/settings/load.ts';

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
const HOST_NAME = 'a host name or IP address, without scheme or port';
const HOST_NAME_PATTERN = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[?[0-9A-Fa-f:.]+\]?)$/;

/**
 * Where the web server listens unless MARQUEE_HOST says: every interface when requests need a
 * session or token, only this machine when anyone who reaches the port could change everything.
 */
const LISTEN_DEFAULT = { on: '0.0.0.0', off: '127.0.0.1' } as const;

const settingsObject = v.object({
  host: v.optional(
    v.pipe(v.string('a host name or IP address'), v.trim(), v.minLength(1, 'a host name or IP address')),
  ),
  // 0 asks the system for any free port (tests and benchmarks).
  port: int(0, 65535, 5000),
  /**
   * Names this device answers to besides its addresses, localhost, its host name and
   * `<hostname>.local`: a request whose Host header names anything else is refused (DNS rebinding).
   */
  allowedHosts: v.optional(
    v.array(v.pipe(v.string(HOST_NAME), v.regex(HOST_NAME_PATTERN, HOST_NAME)), 'a list of host names'),
    [],
  ),
  /**
   * `on`: every change and every read of settings needs a paired browser's session or an API
   * token, from any address, loopback included. `off`: no check at all (development and tests).
   */
  auth: oneOf(['on', 'off'], 'on'),
  dataDir: dir('data'),
  configDir: dir('config'),
  pluginsDir: dir('plugin-repos'),
  /** The built web interface (scripts/build-ui.mjs writes it). */
  uiDir: dir('dist/ui'),
  logLevel: oneOf(['debug', 'info', 'warn', 'error', 'silent'], 'info'),
  /** A request slower than this is logged at `warn` (others only at `debug`, failed ones at `info`). */
  logSlowRequestMs: int(1, 600_000, 1_000),
  registry: v.optional(
    v.object({
      /** plugins.json URLs, GitHub repositories holding one, or local files; the built-in source is always added. */
      sources: v.optional(v.array(url, 'a list of registry URLs'), []),
      ttlMs: int(10_000, 7 * 86_400_000, 15 * 60_000),
      /** First-party plugins shipped with Marquee: the built-in source, so the store is never empty. */
      builtinDir: dir('plugin-repos'),
      /** Largest registry document accepted; a bigger answer is refused, never read whole. */
      maxDocumentBytes: int(1_024, 64 * 1024 * 1024, 5 * 1024 * 1024),
      /** GitHub facts (stars, last commit) are re-checked this often; they are not urgent. */
      githubTtlMs: int(60_000, 30 * 86_400_000, 6 * 3_600_000),
      /** GitHub calls in flight at once during enrichment. */
      githubConcurrency: int(1, 16, 4),
      /**
       * Store previews missing at the panel's size are drawn after each refresh, one at a time (else
       * only when a card asks). Off by default: each preview downloads the plugin's archive, and a
       * monorepo registry (LEDMatrix's) would have every entry fetch the whole monorepo.
       */
      previewsInBackground: v.optional(v.boolean('true or false'), false),
    }),
    {},
  ),
  github: v.optional(
    v.object({
      /** GitHub's REST API root; a loopback mock in benchmarks. */
      apiUrl: text('https://api.github.com', 'a URL'),
      /** Show stars and last commits in the store (fetched in the background, never per browse). */
      enrich: v.optional(v.boolean('true or false'), true),
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
      heartbeatStaleMs: int(1_000, 600_000, 30_000),
      /**
       * The display writes its heartbeat, what is on screen and plugin health in one transaction
       * this often (breaker changes at once): an SD card wears with every write.
       */
      flushMs: int(500, 60_000, 10_000),
      /** Frames per second for plugins that do not ask for a rate. */
      defaultFps: int(1, 120, 10),
      /** Most frames per second sent to the live preview while someone watches. */
      previewFps: int(1, 60, 30),
      /**
       * How web and display talk: `fork` (web starts the display as its child, `npm start`) or
       * `socket` (each runs as its own service; web listens on `socketPath`, the display connects).
       */
      link: oneOf(['fork', 'socket'], 'fork'),
      socketPath: text('/run/marquee/display.sock', 'a socket path'),
      /** Started as root (for the panel's GPIO), the display runs as this user once the panel is open. */
      user: v.optional(v.pipe(v.string('a user name'), v.trim()), ''),
      /** Where the board's model is read (a Raspberry Pi 5 is detected from it). */
      boardModelFile: text('/proc/device-tree/model', 'a file path'),
    }),
    {},
  ),
  plugins: v.optional(
    v.object({
      /** A render() slower than this kills the plugin's host (a failure of the plugin). */
      renderDeadlineMs: int(20, 60_000, 1_000),
      /** update() gets an AbortSignal that fires at this deadline; its host is killed soon after if it does not answer. */
      updateDeadlineMs: int(100, 600_000, 30_000),
      loadDeadlineMs: int(100, 120_000, 10_000),
      /** Ceiling of a plugin host's resident memory (heap and off-heap); crossing it kills the host. */
      memoryMb: int(16, 2_048, 64),
      /** How long an open circuit breaker waits before one trial. */
      breakerCooldownMs: int(1_000, 86_400_000, 300_000),
      /** A plugin using more than this share of one core (averaged over cpuWindowMs) is slowed and counted. */
      cpuBudgetPct: int(1, 100, 25),
      cpuWindowMs: int(10_000, 600_000, 30_000),
      /** When Marquee runs as root, plugin hosts run as this unprivileged user and group. */
      hostUid: int(1, 4_294_967_294, 65_534),
      hostGid: int(1, 4_294_967_294, 65_534),
      /** The hosts' user by name (its uid and group from /etc/passwd), in place of hostUid/hostGid. */
      hostUser: v.optional(v.pipe(v.string('a user name'), v.trim()), ''),
      /** First-party plugins share one host (false: every plugin has its own). */
      sharedHost: v.optional(v.boolean('true or false'), true),
    }),
    {},
  ),
  config: v.optional(
    v.object({
      /** Entries of the settings history kept (newest first); each save and rollback makes one. */
      backupsKeep: int(1, 1_000, 10),
    }),
    {},
  ),
  schedules: v.optional(
    v.object({
      /** Keeps the SQLite write-ahead log short, so a power cut loses little and reads stay fast. */
      walCheckpoint: cron('*/15 * * * *'),
      /** Deletes finished operations beyond the history limits (limits.historyMaxRows / historyMaxDays). */
      historyPrune: cron('7 * * * *'),
      /** Refreshes registry sources whose cache expired (conditional requests: unchanged costs a 304). */
      registryRefresh: cron('*/5 * * * *'),
      /** Fetches GitHub facts (stars, last commit) for registry entries whose facts expired. */
      githubEnrich: cron('17 * * * *'),
      /** Brings plugins on disk, plugin_state and config in line; repairs wait their own backoff. */
      reconcile: cron('*/5 * * * *'),
      /** Ends safe mode once the processes have run an hour without crashing. */
      safeModeCheck: cron('*/5 * * * *'),
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
      /** A plugin archive may expand to at most this many bytes in total, */
      pluginMaxBytes: int(64 * 1024, 2 * 1024 * 1024 * 1024, 64 * 1024 * 1024),
      /** hold at most this many files, */
      pluginMaxFiles: int(1, 1_000_000, 5_000),
      /** and no single file above this size. */
      pluginMaxFileBytes: int(1_024, 2 * 1024 * 1024 * 1024, 32 * 1024 * 1024),
      /** A downloaded archive may be at most this large (a monorepo archive holds other plugins too). */
      pluginDownloadBytes: int(64 * 1024, 4 * 1024 * 1024 * 1024, 256 * 1024 * 1024),
      /** Largest backup archive accepted for a restore (uploads included). */
      backupBytes: int(64 * 1024, 4 * 1024 * 1024 * 1024, 256 * 1024 * 1024),
    }),
    {},
  ),
  queue: v.optional(
    v.object({
      /** How long a claimed operation stays owned without renewal; a dead process's work is resumed after it. */
      leaseMs: int(1_000, 600_000, 30_000),
      /**
       * While retries or another runner's leases are pending, the runner sleeps until the earliest
       * comes due, looking again at least this often; with nothing pending it sleeps until woken.
       */
      pollMs: int(20, 600_000, 5_000),
      /** How long a request that enqueues waits for the result before answering 202. */
      waitMs: int(0, 60_000, 5_000),
      /** Recent events kept for `GET /api/v3/events` clients resuming with Last-Event-ID. */
      eventBuffer: int(10, 100_000, 1_000),
    }),
    {},
  ),
  /** LEDMatrix's Python plugins: the interpreter their hosts and venvs use, and where pip finds packages. */
  python: v.optional(
    v.object({
      /** Debian's interpreter, which sees python3-pil; the one first on PATH may be another. */
      interpreter: text('/usr/bin/python3', 'a path to python3'),
      /** A PEP 503 "simple" index URL for plugins' requirements.txt; empty: pip's own default. */
      pipIndexUrl: v.optional(v.pipe(v.string('a URL'), v.trim()), ''),
      /** Time pip may take for one plugin's requirements.txt (building a package on a Pi is slow). */
      pipTimeoutMs: int(10_000, 3_600_000, 600_000),
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
      /** Time a plugin archive download may take from request to last byte. */
      pluginDownloadMs: int(1_000, 3_600_000, 120_000),
    }),
    {},
  ),
  /** Set by systemd for a `Type=notify` service (empty when not started by it). */
  service: v.optional(
    v.object({
      notifySocket: v.optional(v.string('a socket path'), ''),
      /** The watchdog interval in microseconds (0: no watchdog). */
      watchdogUsec: v.optional(v.pipe(v.number('a number of microseconds'), v.minValue(0, 'at least 0')), 0),
      /** Set by systemd for every process it starts: with the unit file below, Marquee runs as a service. */
      invocationId: v.optional(v.string('a string'), ''),
      /** Where the installer writes marquee-web.service and marquee-display.service. */
      unitDir: text('/etc/systemd/system', 'a folder path'),
    }),
    {},
  ),
  /** The board's facts for `GET /api/v3/system/status`; the paths are the Raspberry Pi's. */
  device: v.optional(
    v.object({
      /** CPU temperature in millidegrees Celsius. */
      thermalFile: text('/sys/class/thermal/thermal_zone0/temp', 'a file path'),
      /** The firmware's throttling flags (what `vcgencmd get_throttled` prints), read without a process. */
      throttledFile: text('/sys/devices/platform/soc/soc:firmware/get_throttled', 'a file path'),
      /** Asked for the flags when the file above is missing (older kernels). */
      vcgencmd: text('vcgencmd', 'a command'),
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

export const settingsSchema = v.pipe(
  settingsObject,
  v.transform((s) => ({ ...s, host: s.host ?? LISTEN_DEFAULT[s.auth] })),
);

export type Settings = v.InferOutput<typeof settingsSchema>;

/** Environment variables, each bound to one setting. README's settings table lists every one. */
export const ENV_BINDINGS: Readonly<Record<string, EnvBinding>> = Object.freeze({
  MARQUEE_HOST: { path: 'host', kind: 'string' },
  PORT: { path: 'port', kind: 'number' },
  MARQUEE_ALLOWED_HOSTS: { path: 'allowedHosts', kind: 'list' },
  MARQUEE_PORT: { path: 'port', kind: 'number' },
  MARQUEE_AUTH: { path: 'auth', kind: 'string' },
  MARQUEE_DATA_DIR: { path: 'dataDir', kind: 'string' },
  MARQUEE_CONFIG_DIR: { path: 'configDir', kind: 'string' },
  MARQUEE_PLUGINS_DIR: { path: 'pluginsDir', kind: 'string' },
  MARQUEE_UI_DIR: { path: 'uiDir', kind: 'string' },
  MARQUEE_LOG_LEVEL: { path: 'logLevel', kind: 'string' },
  MARQUEE_LOG_SLOW_REQUEST_MS: { path: 'logSlowRequestMs', kind: 'number' },
  MARQUEE_REGISTRY_SOURCES: { path: 'registry.sources', kind: 'list' },
  MARQUEE_REGISTRY_TTL_MS: { path: 'registry.ttlMs', kind: 'number' },
  MARQUEE_BUILTIN_PLUGINS_DIR: { path: 'registry.builtinDir', kind: 'string' },
  MARQUEE_REGISTRY_MAX_BYTES: { path: 'registry.maxDocumentBytes', kind: 'number' },
  MARQUEE_GITHUB_TTL_MS: { path: 'registry.githubTtlMs', kind: 'number' },
  MARQUEE_GITHUB_CONCURRENCY: { path: 'registry.githubConcurrency', kind: 'number' },
  MARQUEE_GITHUB_API_URL: { path: 'github.apiUrl', kind: 'string' },
  MARQUEE_GITHUB_ENRICH: { path: 'github.enrich', kind: 'boolean' },
  MARQUEE_STORE_PREVIEWS_IN_BACKGROUND: { path: 'registry.previewsInBackground', kind: 'boolean' },
  MARQUEE_DISPLAY_BACKEND: { path: 'display.backend', kind: 'string' },
  MARQUEE_PANEL_ROWS: { path: 'display.rows', kind: 'number' },
  MARQUEE_PANEL_COLS: { path: 'display.cols', kind: 'number' },
  MARQUEE_PANEL_CHAIN_LENGTH: { path: 'display.chainLength', kind: 'number' },
  MARQUEE_PANEL_PARALLEL: { path: 'display.parallel', kind: 'number' },
  MARQUEE_DISPLAY_HEARTBEAT_MS: { path: 'display.heartbeatMs', kind: 'number' },
  MARQUEE_DISPLAY_HEARTBEAT_STALE_MS: { path: 'display.heartbeatStaleMs', kind: 'number' },
  MARQUEE_CONFIG_BACKUPS_KEEP: { path: 'config.backupsKeep', kind: 'number' },
  MARQUEE_DISPLAY_FLUSH_MS: { path: 'display.flushMs', kind: 'number' },
  MARQUEE_DISPLAY_DEFAULT_FPS: { path: 'display.defaultFps', kind: 'number' },
  MARQUEE_DISPLAY_PREVIEW_FPS: { path: 'display.previewFps', kind: 'number' },
  MARQUEE_DISPLAY_LINK: { path: 'display.link', kind: 'string' },
  MARQUEE_DISPLAY_SOCKET: { path: 'display.socketPath', kind: 'string' },
  MARQUEE_DISPLAY_USER: { path: 'display.user', kind: 'string' },
  MARQUEE_BOARD_MODEL_FILE: { path: 'display.boardModelFile', kind: 'string' },
  NOTIFY_SOCKET: { path: 'service.notifySocket', kind: 'string' },
  WATCHDOG_USEC: { path: 'service.watchdogUsec', kind: 'number' },
  INVOCATION_ID: { path: 'service.invocationId', kind: 'string' },
  MARQUEE_SYSTEMD_UNIT_DIR: { path: 'service.unitDir', kind: 'string' },
  MARQUEE_THERMAL_FILE: { path: 'device.thermalFile', kind: 'string' },
  MARQUEE_THROTTLED_FILE: { path: 'device.throttledFile', kind: 'string' },
  MARQUEE_VCGENCMD: { path: 'device.vcgencmd', kind: 'string' },
  MARQUEE_BACKUP_MAX_BYTES: { path: 'limits.backupBytes', kind: 'number' },
  MARQUEE_CRON_SAFE_MODE: { path: 'schedules.safeModeCheck', kind: 'string' },
  MARQUEE_PLUGIN_RENDER_DEADLINE_MS: { path: 'plugins.renderDeadlineMs', kind: 'number' },
  MARQUEE_PLUGIN_UPDATE_DEADLINE_MS: { path: 'plugins.updateDeadlineMs', kind: 'number' },
  MARQUEE_PLUGIN_LOAD_DEADLINE_MS: { path: 'plugins.loadDeadlineMs', kind: 'number' },
  MARQUEE_PLUGIN_MEMORY_MB: { path: 'plugins.memoryMb', kind: 'number' },
  MARQUEE_PLUGIN_BREAKER_COOLDOWN_MS: { path: 'plugins.breakerCooldownMs', kind: 'number' },
  MARQUEE_PLUGIN_CPU_BUDGET_PCT: { path: 'plugins.cpuBudgetPct', kind: 'number' },
  MARQUEE_PLUGIN_CPU_WINDOW_MS: { path: 'plugins.cpuWindowMs', kind: 'number' },
  MARQUEE_PLUGIN_HOST_UID: { path: 'plugins.hostUid', kind: 'number' },
  MARQUEE_PLUGIN_HOST_GID: { path: 'plugins.hostGid', kind: 'number' },
  MARQUEE_PLUGIN_HOST_USER: { path: 'plugins.hostUser', kind: 'string' },
  MARQUEE_PLUGIN_SHARED_HOST: { path: 'plugins.sharedHost', kind: 'boolean' },
  MARQUEE_CRON_WAL_CHECKPOINT: { path: 'schedules.walCheckpoint', kind: 'string' },
  MARQUEE_CRON_HISTORY_PRUNE: { path: 'schedules.historyPrune', kind: 'string' },
  MARQUEE_QUEUE_LEASE_MS: { path: 'queue.leaseMs', kind: 'number' },
  MARQUEE_QUEUE_POLL_MS: { path: 'queue.pollMs', kind: 'number' },
  MARQUEE_QUEUE_WAIT_MS: { path: 'queue.waitMs', kind: 'number' },
  MARQUEE_EVENTS_BUFFER: { path: 'queue.eventBuffer', kind: 'number' },
  MARQUEE_CRON_REGISTRY_REFRESH: { path: 'schedules.registryRefresh', kind: 'string' },
  MARQUEE_CRON_GITHUB_ENRICH: { path: 'schedules.githubEnrich', kind: 'string' },
  MARQUEE_CRON_RECONCILE: { path: 'schedules.reconcile', kind: 'string' },
  MARQUEE_BODY_LIMIT_BYTES: { path: 'limits.bodyBytes', kind: 'number' },
  MARQUEE_QUEUE_MAX_PENDING: { path: 'limits.queueMaxPending', kind: 'number' },
  MARQUEE_QUEUE_CONCURRENCY: { path: 'limits.queueConcurrency', kind: 'number' },
  MARQUEE_HISTORY_MAX_ROWS: { path: 'limits.historyMaxRows', kind: 'number' },
  MARQUEE_HISTORY_MAX_DAYS: { path: 'limits.historyMaxDays', kind: 'number' },
  MARQUEE_PLUGIN_MAX_BYTES: { path: 'limits.pluginMaxBytes', kind: 'number' },
  MARQUEE_PLUGIN_MAX_FILES: { path: 'limits.pluginMaxFiles', kind: 'number' },
  MARQUEE_PLUGIN_MAX_FILE_BYTES: { path: 'limits.pluginMaxFileBytes', kind: 'number' },
  MARQUEE_PLUGIN_DOWNLOAD_BYTES: { path: 'limits.pluginDownloadBytes', kind: 'number' },
  MARQUEE_HEADERS_TIMEOUT_MS: { path: 'timeouts.headersMs', kind: 'number' },
  MARQUEE_REQUEST_TIMEOUT_MS: { path: 'timeouts.requestMs', kind: 'number' },
  MARQUEE_KEEPALIVE_TIMEOUT_MS: { path: 'timeouts.keepAliveMs', kind: 'number' },
  MARQUEE_OUTBOUND_CONNECT_TIMEOUT_MS: { path: 'timeouts.outboundConnectMs', kind: 'number' },
  MARQUEE_OUTBOUND_TOTAL_TIMEOUT_MS: { path: 'timeouts.outboundTotalMs', kind: 'number' },
  MARQUEE_PLUGIN_DOWNLOAD_TIMEOUT_MS: { path: 'timeouts.pluginDownloadMs', kind: 'number' },
  MARQUEE_PYTHON: { path: 'python.interpreter', kind: 'string' },
  MARQUEE_PIP_INDEX_URL: { path: 'python.pipIndexUrl', kind: 'string' },
  MARQUEE_PIP_TIMEOUT_MS: { path: 'python.pipTimeoutMs', kind: 'number' },
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
