import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../../hono.config.ts';
import type { Executor } from '../../../core/queue/index.ts';
import { writeConfig } from '../../support/display.ts';
import { startWebProcess, type WebProcess } from '../../../core/app/web.ts';
import type { Logger } from '../../../core/platform/log.ts';

export const FIXTURE_ROUTES = [
  path.join(import.meta.dirname, '..', 'fixtures', 'routes'),
  path.join(import.meta.dirname, '..', '..', 'fixtures', 'routes'),
];

export interface TestServer {
  web: WebProcess;
  url: string;
  stop(): Promise<void>;
}

/**
 * The real web process on loopback port 0 with its own temp folders (no display child), serving
 * the built UI and, under /test, the fixture routes browser tests need. Lives for one test file.
 * `overrides` are settings by path (`'registry.sources': [...]`), as `loadSettings` takes them;
 * `extraExecutors` adds operation kinds a test drives; `config` is config.json as the server finds it
 * at start; `log` receives the server's log (the pairing test reads the code there).
 */
export async function startTestServer(
  overrides: Record<string, unknown> = {},
  opts: { extraExecutors?: Executor[]; config?: Record<string, unknown>; log?: Logger } = {},
): Promise<TestServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-ui-'));
  const settings = loadSettings(
    {},
    {
      host: '127.0.0.1',
      port: 0,
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugin-repos'),
      // First-party plugins live in the plugins folder, as they do by default.
      'registry.builtinDir': path.join(root, 'plugin-repos'),
      logLevel: 'silent',
      // The pairing test turns it on.
      auth: 'off',
      'shutdown.graceMs': 200,
      'shutdown.abortMs': 200,
      ...overrides,
    },
  );
  if (opts.config) writeConfig(settings.configDir, opts.config);
  const web = await startWebProcess({
    settings,
    superviseDisplay: false,
    extraRouteDirs: FIXTURE_ROUTES,
    extraExecutors: opts.extraExecutors,
    log: opts.log,
  });
  return {
    web,
    url: web.url,
    stop: async () => {
      await web.shutdown('test done');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
