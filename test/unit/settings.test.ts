import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENV_BINDINGS, loadSettings, PROJECT_ROOT } from '../../hono.config.ts';
import { SettingsError } from '../../core/platform/settings/load.ts';
import { parseEnvValue, setPath } from '../../core/platform/settings/env.ts';

const get = (obj: unknown, dotted: string) =>
  dotted.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], obj);

/** Message of the SettingsError `fn` throws. */
function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as Error).message;
  }
  throw new Error('expected a SettingsError');
}

describe('defaults', () => {
  it('are complete and valid with an empty environment', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({
      host: '0.0.0.0',
      port: 5000,
      auth: 'on',
      dataDir: path.join(PROJECT_ROOT, 'data'),
      configDir: path.join(PROJECT_ROOT, 'config'),
      pluginsDir: path.join(PROJECT_ROOT, 'plugin-repos'),
      logLevel: 'info',
      registry: { sources: [], ttlMs: 900_000 },
      display: { backend: 'auto', rows: 32, cols: 64, chainLength: 1, parallel: 1, heartbeatMs: 5_000 },
      schedules: { walCheckpoint: '*/15 * * * *' },
      limits: { bodyBytes: 1_048_576 },
      timeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
      shutdown: { graceMs: 10_000, abortMs: 3_000 },
    });
  });
});

// One valid value per environment variable, different from the default, and where it lands.
const SAMPLES: Record<string, [raw: string, expected: unknown]> = {
  MARQUEE_HOST: ['0.0.0.0', '0.0.0.0'],
  PORT: ['8080', 8080],
  MARQUEE_PORT: [' 0 ', 0],
  MARQUEE_ALLOWED_HOSTS: ['marquee.example.net, 10.0.0.9,[fd00::1]', ['marquee.example.net', '10.0.0.9', '[fd00::1]']],
  MARQUEE_AUTH: ['off', 'off'],
  MARQUEE_DATA_DIR: ['/var/lib/marquee', '/var/lib/marquee'],
  MARQUEE_CONFIG_DIR: ['etc/marquee', path.join(PROJECT_ROOT, 'etc/marquee')],
  MARQUEE_PLUGINS_DIR: ['../plugins', path.resolve(PROJECT_ROOT, '../plugins')],
  MARQUEE_LOG_LEVEL: ['warn', 'warn'],
  MARQUEE_LOG_SLOW_REQUEST_MS: ['250', 250],
  MARQUEE_REGISTRY_SOURCES: [
    ' https://a.invalid/plugins.json, ,owner/repo,./local.json',
    ['https://a.invalid/plugins.json', 'owner/repo', './local.json'],
  ],
  MARQUEE_REGISTRY_TTL_MS: ['60000', 60_000],
  MARQUEE_DISPLAY_BACKEND: ['emulator', 'emulator'],
  MARQUEE_PANEL_ROWS: ['16', 16],
  MARQUEE_PANEL_COLS: ['128', 128],
  MARQUEE_PANEL_CHAIN_LENGTH: ['2', 2],
  MARQUEE_PANEL_PARALLEL: ['3', 3],
  MARQUEE_DISPLAY_HEARTBEAT_MS: ['1000', 1_000],
  MARQUEE_DISPLAY_HEARTBEAT_STALE_MS: ['4000', 4_000],
  MARQUEE_CRON_WAL_CHECKPOINT: ['0 3 * * *', '0 3 * * *'],
  MARQUEE_BODY_LIMIT_BYTES: ['2048', 2_048],
  MARQUEE_QUEUE_MAX_PENDING: ['5', 5],
  MARQUEE_QUEUE_CONCURRENCY: ['4', 4],
  MARQUEE_HISTORY_MAX_ROWS: ['50', 50],
  MARQUEE_HISTORY_MAX_DAYS: ['7', 7],
  MARQUEE_HEADERS_TIMEOUT_MS: ['2000', 2_000],
  MARQUEE_REQUEST_TIMEOUT_MS: ['3000', 3_000],
  MARQUEE_KEEPALIVE_TIMEOUT_MS: ['100', 100],
  MARQUEE_OUTBOUND_CONNECT_TIMEOUT_MS: ['250', 250],
  MARQUEE_OUTBOUND_TOTAL_TIMEOUT_MS: ['1000', 1_000],
  MARQUEE_PLUGIN_DOWNLOAD_TIMEOUT_MS: ['30000', 30_000],
  MARQUEE_PYTHON: ['/opt/python3', '/opt/python3'],
  MARQUEE_PIP_INDEX_URL: ['http://127.0.0.1:9/simple/', 'http://127.0.0.1:9/simple/'],
  MARQUEE_PIP_TIMEOUT_MS: ['60000', 60_000],
  MARQUEE_SHUTDOWN_GRACE_MS: ['0', 0],
  MARQUEE_SHUTDOWN_ABORT_MS: ['60000', 60_000],
  MARQUEE_UI_DIR: ['/srv/ui', '/srv/ui'],
  MARQUEE_BUILTIN_PLUGINS_DIR: ['/srv/builtin', '/srv/builtin'],
  MARQUEE_REGISTRY_MAX_BYTES: ['1048576', 1_048_576],
  MARQUEE_GITHUB_TTL_MS: ['3600000', 3_600_000],
  MARQUEE_GITHUB_CONCURRENCY: ['2', 2],
  MARQUEE_GITHUB_API_URL: ['http://127.0.0.1:9/', 'http://127.0.0.1:9/'],
  MARQUEE_GITHUB_ENRICH: ['off', false],
  MARQUEE_STORE_PREVIEWS_IN_BACKGROUND: ['0', false],
  MARQUEE_CONFIG_BACKUPS_KEEP: ['3', 3],
  MARQUEE_DISPLAY_FLUSH_MS: ['20000', 20_000],
  MARQUEE_DISPLAY_DEFAULT_FPS: ['20', 20],
  MARQUEE_DISPLAY_PREVIEW_FPS: ['15', 15],
  MARQUEE_DISPLAY_LINK: ['socket', 'socket'],
  MARQUEE_DISPLAY_SOCKET: ['/run/marquee-test/d.sock', '/run/marquee-test/d.sock'],
  MARQUEE_DISPLAY_USER: ['marquee', 'marquee'],
  MARQUEE_BOARD_MODEL_FILE: ['/tmp/model', '/tmp/model'],
  NOTIFY_SOCKET: ['/run/systemd/notify', '/run/systemd/notify'],
  WATCHDOG_USEC: ['30000000', 30_000_000],
  INVOCATION_ID: ['0123456789abcdef', '0123456789abcdef'],
  MARQUEE_SYSTEMD_UNIT_DIR: ['/tmp/units', '/tmp/units'],
  MARQUEE_THERMAL_FILE: ['/tmp/temp', '/tmp/temp'],
  MARQUEE_THROTTLED_FILE: ['/tmp/throttled', '/tmp/throttled'],
  MARQUEE_VCGENCMD: ['/opt/vc/bin/vcgencmd', '/opt/vc/bin/vcgencmd'],
  MARQUEE_BACKUP_MAX_BYTES: ['1048576', 1_048_576],
  MARQUEE_CRON_SAFE_MODE: ['*/10 * * * *', '*/10 * * * *'],
  MARQUEE_PLUGIN_RENDER_DEADLINE_MS: ['500', 500],
  MARQUEE_PLUGIN_UPDATE_DEADLINE_MS: ['10000', 10_000],
  MARQUEE_PLUGIN_LOAD_DEADLINE_MS: ['5000', 5_000],
  MARQUEE_PLUGIN_MEMORY_MB: ['32', 32],
  MARQUEE_PLUGIN_BREAKER_COOLDOWN_MS: ['60000', 60_000],
  MARQUEE_PLUGIN_CPU_BUDGET_PCT: ['40', 40],
  MARQUEE_PLUGIN_CPU_WINDOW_MS: ['60000', 60_000],
  MARQUEE_PLUGIN_HOST_UID: ['1500', 1_500],
  MARQUEE_PLUGIN_HOST_GID: ['1500', 1_500],
  MARQUEE_PLUGIN_HOST_USER: ['marquee-plugin', 'marquee-plugin'],
  MARQUEE_PLUGIN_SHARED_HOST: ['false', false],
  MARQUEE_CRON_HISTORY_PRUNE: ['0 4 * * *', '0 4 * * *'],
  MARQUEE_QUEUE_LEASE_MS: ['60000', 60_000],
  MARQUEE_QUEUE_POLL_MS: ['1000', 1_000],
  MARQUEE_QUEUE_WAIT_MS: ['2000', 2_000],
  MARQUEE_EVENTS_BUFFER: ['500', 500],
  MARQUEE_CRON_REGISTRY_REFRESH: ['*/10 * * * *', '*/10 * * * *'],
  MARQUEE_CRON_GITHUB_ENRICH: ['30 * * * *', '30 * * * *'],
  MARQUEE_CRON_RECONCILE: ['*/10 * * * *', '*/10 * * * *'],
  MARQUEE_PLUGIN_MAX_BYTES: ['1048576', 1_048_576],
  MARQUEE_PLUGIN_MAX_FILES: ['100', 100],
  MARQUEE_PLUGIN_MAX_FILE_BYTES: ['524288', 524_288],
  MARQUEE_PLUGIN_DOWNLOAD_BYTES: ['1048576', 1_048_576],
};

describe('environment bindings', () => {
  it('every binding has a sample here', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(ENV_BINDINGS).sort());
  });

  it.each(Object.entries(SAMPLES))('%s=%j sets its setting', (name, [raw, expected]) => {
    const s = loadSettings({ [name]: raw });
    expect(get(s, ENV_BINDINGS[name]!.path)).toEqual(expected);
  });

  it('ignores unset variables and everything that is not a binding', () => {
    expect(loadSettings({ PORT: undefined, HOME: '/root', MARQUEE_UNKNOWN: 'x' })).toEqual(loadSettings({}));
  });

  it('MARQUEE_PORT wins over PORT when both are set', () => {
    expect(loadSettings({ PORT: '8080', MARQUEE_PORT: '9090' }).port).toBe(9090);
  });

  it('an empty registry sources list means none', () => {
    expect(loadSettings({ MARQUEE_REGISTRY_SOURCES: '' }).registry.sources).toEqual([]);
  });
});

describe('invalid values stop with one line: setting, variable, expectation, received value', () => {
  it.each([
    [{ PORT: 'abc' }, 'Invalid setting port (from PORT): expected an integer from 0 to 65535, received "abc"'],
    [{ PORT: '' }, 'Invalid setting port (from PORT): expected an integer from 0 to 65535, received ""'],
    [
      { MARQUEE_PORT: '70000' },
      'Invalid setting port (from MARQUEE_PORT): expected an integer from 0 to 65535, received 70000',
    ],
    [{ PORT: '80.5' }, 'Invalid setting port (from PORT): expected an integer from 0 to 65535, received 80.5'],
    [
      { MARQUEE_DISPLAY_BACKEND: 'x' },
      'Invalid setting display.backend (from MARQUEE_DISPLAY_BACKEND): expected one of auto | emulator | rpi, received "x"',
    ],
    [
      { MARQUEE_LOG_LEVEL: 'loud' },
      'Invalid setting logLevel (from MARQUEE_LOG_LEVEL): expected one of debug | info | warn | error | silent, received "loud"',
    ],
    [{ MARQUEE_HOST: '' }, 'Invalid setting host (from MARQUEE_HOST): expected a host name or IP address, received ""'],
    [
      { MARQUEE_ALLOWED_HOSTS: 'http://pi.local:5000' },
      'Invalid setting allowedHosts.0 (from MARQUEE_ALLOWED_HOSTS): expected a host name or IP address, without scheme or port, received "http://pi.local:5000"',
    ],
    [{ MARQUEE_DATA_DIR: '' }, 'Invalid setting dataDir (from MARQUEE_DATA_DIR): expected a folder path, received ""'],
    [
      { MARQUEE_CRON_WAL_CHECKPOINT: 'every hour' },
      'Invalid setting schedules.walCheckpoint (from MARQUEE_CRON_WAL_CHECKPOINT): expected a cron expression (5 or 6 fields), received "every hour"',
    ],
    [
      { MARQUEE_SHUTDOWN_GRACE_MS: '-1' },
      'Invalid setting shutdown.graceMs (from MARQUEE_SHUTDOWN_GRACE_MS): expected an integer from 0 to 300000, received -1',
    ],
  ])('%j', (env, message) => {
    const text = refusal(() => loadSettings(env));
    expect(text).toBe(message);
    expect(text).not.toContain('\n');
  });

  it('names the dotted path without a variable when the value came from code', () => {
    expect(refusal(() => loadSettings({}, { 'limits.bodyBytes': 10 }))).toBe(
      'Invalid setting limits.bodyBytes: expected an integer from 1024 to 67108864, received 10',
    );
  });

  it('reports only the first problem when several settings are invalid', () => {
    expect(refusal(() => loadSettings({ PORT: 'abc', MARQUEE_DISPLAY_BACKEND: 'x' })).split('\n')).toHaveLength(1);
  });
});

describe('overrides and the result', () => {
  it('overrides from code apply after the environment', () => {
    const s = loadSettings({ PORT: '8080', MARQUEE_PANEL_ROWS: '16' }, { port: 0, 'display.cols': 32 });
    expect(s.port).toBe(0);
    expect(s.display).toMatchObject({ rows: 16, cols: 32 });
  });

  it('is deeply frozen', () => {
    const s = loadSettings({ MARQUEE_REGISTRY_SOURCES: 'a.json' });
    expect(Object.isFrozen(s)).toBe(true);
    expect(Object.isFrozen(s.display)).toBe(true);
    expect(Object.isFrozen(s.registry.sources)).toBe(true);
    expect(() => {
      (s as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (s.registry.sources as string[]).push('b.json')).toThrow(TypeError);
  });

  it('resolves relative folders against the project folder, whatever the working directory', () => {
    const cwd = process.cwd();
    process.chdir(path.parse(cwd).root);
    try {
      const s = loadSettings({ MARQUEE_DATA_DIR: 'var/data' }, { pluginsDir: './p' });
      expect(s.dataDir).toBe(path.join(PROJECT_ROOT, 'var/data'));
      expect(s.pluginsDir).toBe(path.join(PROJECT_ROOT, 'p'));
      expect(s.configDir).toBe(path.join(PROJECT_ROOT, 'config'));
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('env helpers', () => {
  it.each([
    ['42', 'number', 42],
    [' 7 ', 'number', 7],
    ['seven', 'number', 'seven'],
    ['', 'number', ''],
    ['Infinity', 'number', 'Infinity'],
    ['yes', 'boolean', true],
    ['OFF', 'boolean', false],
    ['maybe', 'boolean', 'maybe'],
    ['a, b ,,c', 'list', ['a', 'b', 'c']],
    ['  ', 'list', []],
    [' raw ', 'string', ' raw '],
  ] as const)('parseEnvValue(%j, %s) → %j', (raw, kind, expected) => {
    expect(parseEnvValue(raw, kind)).toEqual(expected);
  });

  it('setPath creates the objects on the way', () => {
    const target: Record<string, unknown> = { a: 1 };
    setPath(target, 'x.y.z', 2);
    setPath(target, 'x.w', 3);
    expect(target).toEqual({ a: 1, x: { y: { z: 2 }, w: 3 } });
  });
});
