/**
 * The lifecycle's view of the config store (the `config` service): a plugin's two sections as a
 * snapshot, removed and put back through the store's own saves, so they are atomic, backed up and
 * serialised with every other write of the files. Lifecycle executors hold the plugin's queue key, so they call
 * `apply` directly (enqueueing a `configure` of the same key from inside would wait on itself).
 */
import type { ConfigService } from '../config/service.ts';
import type { JsonObject } from '../config/types.ts';
import type { PluginConfigPort, PluginConfigSnapshot } from './config-port.ts';

type Registry = Pick<ConfigService, 'state' | 'apply'>;

/** `signal` aborts removals only: a restore is the rollback of an aborted operation and must complete. */
export function configServicePort(config: Registry, signal?: AbortSignal): PluginConfigPort {
  return {
    async snapshot(pluginId) {
      const { main, secrets } = config.state();
      const snap: PluginConfigSnapshot = { pluginId };
      // A copy: the store's state object is shared and replaced, never to be kept by reference.
      if (main[pluginId] !== undefined) snap.config = structuredClone(main[pluginId]);
      if (secrets[pluginId] !== undefined) snap.secrets = structuredClone(secrets[pluginId]);
      return snap;
    },
    async removeSection(pluginId) {
      const { main, secrets } = config.state();
      if (main[pluginId] === undefined && secrets[pluginId] === undefined) return;
      await config.apply({ op: 'plugin-remove', plugin_id: pluginId }, signal);
    },
    async restore(snap) {
      await config.apply({
        op: 'plugin-restore',
        plugin_id: snap.pluginId,
        main: snap.config as JsonObject | undefined,
        secrets: snap.secrets as JsonObject | undefined,
      });
    },
  };
}
