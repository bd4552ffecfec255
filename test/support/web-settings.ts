import path from 'node:path';
import { loadSettings, type Settings } from '../../hono.config.ts';

/**
 * Settings for a real web process in a test: loopback on a free port, no sign-in, no log, no
 * registry, its folders under `root` (plugins in `plugin-repos/`), plus `overrides`.
 */
export function webSettings(root: string, overrides: Record<string, unknown> = {}): Settings {
  return loadSettings(
    {},
    {
      auth: 'off',
      host: '127.0.0.1',
      port: 0,
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugin-repos'),
      logLevel: 'silent',
      'registry.sources': [],
      ...overrides,
    },
  );
}
