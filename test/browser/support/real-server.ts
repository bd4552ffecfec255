import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../bench/harness.ts';
import { writeConfig, writePlugin } from '../../support/display.ts';

export interface RealServer {
  url: string;
  root: string;
  pluginsDir: string;
  configDir: string;
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
  const stop = async () => {
    await server?.stop();
    server = null;
  };
  return {
    url: server.url,
    root,
    pluginsDir,
    configDir,
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
