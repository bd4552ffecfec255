import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { startServer, type RunningServer } from '../../../bench/harness.ts';
import { writeConfig, writePlugin } from '../../support/display.ts';

export interface RealServer {
  url: string;
  root: string;
  pluginsDir: string;
  configDir: string;
  /** What the server processes printed so far (its display child's lines included), across restarts. */
  log(): string;
  /** Stops the server process (and its display child); the folders stay for a restart. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same folders and database. */
  restart(): Promise<void>;
  /** Stops it and removes its folders. */
  dispose(): Promise<void>;
}

/**
 * The real server entry (`server.ts`, with its display child on the emulator backend) as its own
 * process on loopback, over temp folders holding copies of the configurable test plugin. Browser
 * tests use it where the panel itself matters: what is on screen, the preview, an outage.
 */
export async function startRealServer(opts: {
  plugins?: Record<string, Record<string, unknown>>;
  /** config.json to start with; without one the server writes its defaults. */
  config?: Record<string, unknown>;
  /** More settings (`MARQUEE_...` variables). */
  env?: Record<string, string>;
}): Promise<RealServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-ui-real-'));
  // Plugin hosts run as another user when the tests run as root: they must reach the plugin and data folders.
  fs.chmodSync(root, 0o755);
  const pluginsDir = path.join(root, 'plugin-repos');
  const configDir = path.join(root, 'config');
  fs.mkdirSync(pluginsDir, { recursive: true });
  for (const [id, manifest] of Object.entries(opts.plugins ?? {})) writePlugin(pluginsDir, id, manifest);
  if (opts.config) writeConfig(configDir, opts.config);
  const env = {
    MARQUEE_DISPLAY_BACKEND: 'emulator',
    MARQUEE_PANEL_COLS: '32',
    MARQUEE_PANEL_ROWS: '16',
    MARQUEE_PLUGINS_DIR: pluginsDir,
    MARQUEE_CONFIG_DIR: configDir,
    MARQUEE_DATA_DIR: path.join(root, 'data'),
    // Open event streams would otherwise hold a stop for the whole grace period.
    MARQUEE_SHUTDOWN_GRACE_MS: '500',
    MARQUEE_SHUTDOWN_ABORT_MS: '500',
    // Previews are drawn when a page asks for them, not after every registry refresh.
    MARQUEE_STORE_PREVIEWS_IN_BACKGROUND: '0',
    ...opts.env,
  };
  let server: RunningServer | null = await startServer(env, 'server.ts');
  const port = new URL(server.url).port;
  // The output of processes already stopped: a restart must not lose what came before it.
  let earlier = '';
  const stop = async () => {
    if (!server) return;
    await server.stop();
    earlier += server.output();
    server = null;
  };
  return {
    url: server.url,
    root,
    pluginsDir,
    configDir,
    log: () => earlier + (server?.output() ?? ''),
    stop,
    restart: async () => {
      server = await startServer({ ...env, PORT: port }, 'server.ts');
    },
    dispose: async () => {
      await stop();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Prints the end of the server's log after each failed test of the file that calls it: the code and
 * cause of a 500 the test saw are written only there, and the log lives in memory with the server.
 */
export function showServerLogOnFailure(server: () => RealServer | undefined, lines = 200): void {
  afterEach(({ task }) => {
    const s = server();
    if (task.result?.state !== 'fail' || !s) return;
    const tail = s.log().trimEnd().split('\n').slice(-lines).join('\n');
    console.error(`--- last ${lines} lines of the server log (${task.name}) ---\n${tail}`);
  });
}
