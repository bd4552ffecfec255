/**
 * The `uninstall` operation (key: the plugin id): uninstall.ts does the work (config first, then
 * tombstone, then files, everything restored on failure); this adapts it to the queue.
 */
import path from 'node:path';
import type { Executor, JsonValue } from '../../queue/types.ts';
import { configServicePort } from '../config-service-port.ts';
import { publishPluginChanged } from '../state/events.ts';
import { exists } from '../staging/files.ts';
import { getTombstone } from '../state/tombstones.ts';
import { uninstallPlugin } from '../uninstall.ts';
import { settleLeftovers, type LifecycleHooks, type LifecycleDeps } from './common.ts';
import { parseParams, uninstallParams } from './params.ts';

export const UNINSTALL_KIND = 'uninstall';

export interface UninstallOpResult {
  [key: string]: string | boolean;
  plugin_id: string;
  removed_files: boolean;
  preserved_config: boolean;
  message: string;
}

/**
 * A retry after a crash that came after the files left: recovery finished the uninstall at start,
 * so this attempt finds the plugin gone. That is this operation's own success, not a 404.
 */
async function finishedByRecovery(deps: LifecycleDeps, id: string, attempt: number): Promise<UninstallOpResult | null> {
  const tomb = getTombstone(deps, id);
  if (attempt < 2 || !tomb || (await exists(path.join(deps.settings.pluginsDir, id)))) return null;
  const message = `Plugin ${id} uninstalled successfully`;
  return { plugin_id: id, removed_files: true, preserved_config: tomb.preservedConfig, message };
}

export function uninstallExecutor(
  deps: LifecycleDeps,
  timeoutMs: number,
  hooks: LifecycleHooks = {},
): Executor<JsonValue, UninstallOpResult> {
  return {
    kind: UNINSTALL_KIND,
    timeoutMs,
    async run({ op, params, signal, progress }) {
      const p = parseParams(uninstallParams, params);
      await settleLeftovers(deps, op.id);
      signal.throwIfAborted();
      progress(0, 'removing', p.plugin_id);
      const done = await finishedByRecovery(deps, p.plugin_id, op.attempts);
      if (done) return done;
      const r = await uninstallPlugin(deps, configServicePort(deps.config), {
        opId: op.id,
        pluginId: p.plugin_id,
        preserveConfig: p.preserve_config,
        onStep: hooks.onStep,
      });
      deps.config.invalidatePlugin(p.plugin_id);
      publishPluginChanged(deps, p.plugin_id);
      return {
        plugin_id: p.plugin_id,
        removed_files: r.removedFiles,
        preserved_config: r.preservedConfig,
        message: r.removedFiles
          ? `Plugin ${p.plugin_id} uninstalled successfully`
          : `Plugin ${p.plugin_id} is built in: hidden and disabled (install it again to bring it back)`,
      };
    },
    async recover({ op }) {
      await settleLeftovers(deps, op.id);
    },
  };
}
