import path from 'node:path';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { readEnabledFlags } from '../../core/plugins/state/enabled-flags.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { writeConfigFiles } from '../support/file-config-port.ts';
import { fixtureInstallExecutor, type FixtureInstaller } from '../support/install-executor.ts';
import { REGISTRY_URL } from '../support/registry.ts';
import { runInBackground } from '../support/queue.ts';
import { tempDir } from '../support/temp.ts';

export const TTL = 15 * 60_000;
export const FIVE_MIN = 5 * 60_000;

export interface Setup {
  deps: TestDeps;
  installer: FixtureInstaller;
  /** Set to true to make every install fail as if offline. */
  offline: { value: boolean };
}

/**
 * Test deps with config files written first, one registry source (msw answers it) unless `sources`
 * says otherwise, and the fixture install executor registered for `install` (a repair runs it).
 * Reconcile runs, registry refreshes and config saves run as soon as they are due, as the web
 * process's runner would run them; repairs and installs wait for the test's `runOnce()`.
 */
export async function setup(
  opts: {
    config?: Record<string, unknown>;
    secrets?: Record<string, unknown>;
    sources?: string[];
    overrides?: Record<string, unknown>;
    folders?: (pluginsDir: string) => void;
  } = {},
): Promise<Setup> {
  const root = tempDir();
  const configDir = path.join(root, 'config');
  writeConfigFiles(configDir, opts.config ?? {}, opts.secrets ?? {});
  const deps = testDeps({
    configDir,
    'registry.sources': opts.sources ?? [REGISTRY_URL],
    'github.enrich': false,
    ...opts.overrides,
  });
  opts.folders?.(deps.settings.pluginsDir);
  const flags = await readEnabledFlags(configDir, deps.log);
  await discoverPlugins(deps, { enabledOf: (id) => flags.get(id) });
  const offline = { value: false };
  const installer = fixtureInstallExecutor(deps, {
    archiveDir: path.join(root, 'archives'),
    outage: () => offline.value,
  });
  deps.queue.register(installer);
  runInBackground(deps, BACKGROUND_KINDS);
  return { deps, installer, offline };
}

/** Repair operations in the history (what the reconciler asked for), newest first. */
export const repairOps = (deps: TestDeps) => deps.queue.history({ kind: 'repair' });

/** The kinds the web process runs without anyone waiting in a test: runs, refreshes, saves. */
export const BACKGROUND_KINDS = ['reconcile', 'store-refresh', 'store-revalidate', 'configure'];
