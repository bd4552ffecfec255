/**
 * TEST SUPPORT — not production code. An `install` executor for reconciler tests, standing in for
 * lifecycle's real one (registered in production by the lifecycle area; integration tests use that
 * one once both are merged). It takes the queue contract's params `{ plugin_id }` and installs
 * `<archiveDir>/<plugin_id>.zip` through the real `installFromArchive`, or, while `outage()` says
 * so, fails the way a download does when the network is down (a transient AppError).
 */
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../core/platform/errors/app-error.ts';
import { installFromArchive } from '../../core/plugins/staging/install-archive.ts';
import type { Executor, JsonValue } from '../../core/queue/index.ts';
import { pluginZip, type PluginSpec } from './zip.ts';

export interface FixtureInstaller extends Executor {
  /** plugin_id of every attempt, in order. */
  attempts: string[];
  /** Writes `<archiveDir>/<id>.zip` for a plugin the "registry" can deliver. */
  publish(spec: PluginSpec): string;
}

export function fixtureInstallExecutor(
  deps: Parameters<typeof installFromArchive>[0],
  opts: { archiveDir: string; outage?: () => boolean },
): FixtureInstaller {
  const attempts: string[] = [];
  return {
    kind: 'install',
    timeoutMs: 10_000,
    maxAttempts: 1,
    attempts,
    publish: (spec) => pluginZip(path.join(opts.archiveDir, `${spec.id}.zip`), spec),
    async run({ op, params, signal }) {
      const pluginId = (params as { plugin_id: string }).plugin_id;
      attempts.push(pluginId);
      if (opts.outage?.()) throw new AppError('NETWORK_ERROR', { message: `download of ${pluginId} failed: offline` });
      const archivePath = path.join(opts.archiveDir, `${pluginId}.zip`);
      if (!fs.existsSync(archivePath)) throw new AppError('PLUGIN_NOT_FOUND', { context: { plugin_id: pluginId } });
      const r = await installFromArchive(deps, {
        opId: op.id,
        pluginId,
        kind: 'install',
        archivePath,
        origin: { source: 'registry' },
        signal,
      });
      return { plugin_id: r.manifest.id, version: r.manifest.version } satisfies JsonValue;
    },
  };
}
