/**
 * The real server (test/fixtures/fuzz-server.ts: web process, display child, msw answering for
 * every host beyond loopback) in a process of its own, over temp folders holding a plugin with a
 * schema (`weather`, secrets declared) and one without (`plain`). A server that stalls is timed by
 * the test, not waited for: `stop({ stalled: true })` kills it outright. Like every spawned
 * process, it is stopped after the test that started it.
 */
import path from 'node:path';
import { WEATHER_SCHEMA, writePlugin } from '../plugins.ts';
import { spawnNode, type Spawned } from '../process.ts';
import { tempDir } from '../temp.ts';

export const BODY_LIMIT = 1024 * 1024;

export interface HostileServer {
  server: Spawned;
  port: number;
  root: string;
  stop(opts?: { stalled?: boolean }): Promise<void>;
}

export async function startHostileServer(
  opts: { env?: Record<string, string>; display?: boolean } = {},
): Promise<HostileServer> {
  const display = opts.display ?? true;
  const root = tempDir('marquee-hostile-');
  const pluginsDir = path.join(root, 'plugin-repos');
  writePlugin(pluginsDir, 'weather', WEATHER_SCHEMA);
  writePlugin(pluginsDir, 'plain');
  const server = spawnNode('test/fixtures/fuzz-server.ts', {
    args: display ? [] : ['--no-display'],
    env: {
      PORT: '0',
      MARQUEE_HOST: '127.0.0.1',
      MARQUEE_DATA_DIR: path.join(root, 'data'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_PLUGINS_DIR: pluginsDir,
      MARQUEE_BUILTIN_PLUGINS_DIR: path.join(root, 'builtin'),
      MARQUEE_GITHUB_ENRICH: 'false',
      MARQUEE_BODY_LIMIT_BYTES: String(BODY_LIMIT),
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_PANEL_ROWS: '16',
      MARQUEE_PANEL_COLS: '32',
      MARQUEE_LOG_LEVEL: 'info',
      ...opts.env,
    },
  });
  const listening = await server.waitForLog((l) => l.msg === 'listening', { timeoutMs: 30_000 });
  // The display routes answer from the display process: requests start once it draws.
  if (display) await server.waitForLog((l) => l.msg === 'first frame', { timeoutMs: 30_000 });
  return {
    server,
    root,
    port: Number(new URL(String(listening.url)).port),
    async stop({ stalled = false } = {}) {
      // A stalled server cannot run its shutdown.
      server.child.kill(stalled ? 'SIGKILL' : 'SIGTERM');
      await server.exited;
    },
  };
}
