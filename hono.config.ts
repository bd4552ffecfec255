/**
 * Marquee's settings: every one typed, with its default, validated at start. The environment is
 * read here and nowhere else (`MARQUEE_*`, plus `PORT`). An invalid value stops the process before
 * it listens, with one line naming the setting, what was expected and what was given. The groups
 * of settings, and the variable bound to each setting, are in core/platform/settings/schema/.
 */
import * as v from 'valibot';
import { loadSettingsFrom } from './core/platform/settings/load.ts';
import { configSettings, queueSettings, scheduleSettings } from './core/platform/settings/schema/background.ts';
import { ENV_BINDINGS } from './core/platform/settings/schema/env-bindings.ts';
import { dir, int, oneOf } from './core/platform/settings/schema/fields.ts';
import { limitSettings, shutdownSettings, timeoutSettings } from './core/platform/settings/schema/limits.ts';
import { displaySettings, pluginSettings, pythonSettings } from './core/platform/settings/schema/panel.ts';
import { githubSettings, registrySettings } from './core/platform/settings/schema/store.ts';
import { deviceSettings, serviceSettings } from './core/platform/settings/schema/system.ts';

export { BUNDLED, PROJECT_ROOT } from './core/platform/settings/project-root.ts';
export { ENV_BINDINGS };

const HOST_NAME = 'a host name or IP address, without scheme or port';
const HOST_NAME_PATTERN = /^(?:[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?|\[?[0-9A-Fa-f:.]+\]?)$/;

/**
 * Where the web server listens unless MARQUEE_HOST says: every interface when requests need a
 * session or token, only this machine when anyone who reaches the port could change everything.
 */
const LISTEN_DEFAULT = { on: '0.0.0.0', off: '127.0.0.1' } as const;

// The order of the keys is the order a refused value is looked for: the first is the one reported.
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
  registry: registrySettings,
  github: githubSettings,
  display: displaySettings,
  plugins: pluginSettings,
  config: configSettings,
  schedules: scheduleSettings,
  limits: limitSettings,
  queue: queueSettings,
  python: pythonSettings,
  timeouts: timeoutSettings,
  service: serviceSettings,
  device: deviceSettings,
  shutdown: shutdownSettings,
});

export const settingsSchema = v.pipe(
  settingsObject,
  v.transform((s) => ({ ...s, host: s.host ?? LISTEN_DEFAULT[s.auth] })),
);

export type Settings = v.InferOutput<typeof settingsSchema>;

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
