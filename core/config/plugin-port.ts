/**
 * The config store as plugin lifecycle needs it (`PluginConfigPort`, core/plugins/config-port.ts):
 * a plugin's sections of both files, snapshotted, removed and put back. Each change is a normal save
 * (validated plan, backup, atomic write) applied directly, so the port is for code running inside an
 * operation that holds the plugin's key (install, update, uninstall executors); anything else saves
 * through `saveConfig`.
 */
import type { PluginConfigPort, PluginConfigSnapshot } from '../plugins/config-port.ts';
import type { ConfigStore } from './store.ts';

export function pluginConfigPort(config: Pick<ConfigStore, 'state' | 'apply'>, signal?: AbortSignal): PluginConfigPort {
  return {
    async snapshot(pluginId) {
      const { main, secrets } = config.state();
      const snap: PluginConfigSnapshot = { pluginId };
      if (main[pluginId] !== undefined) snap.config = structuredClone(main[pluginId]);
      if (secrets[pluginId] !== undefined) snap.secrets = structuredClone(secrets[pluginId]);
      return snap;
    },
    async removeSection(pluginId) {
      await config.apply({ op: 'plugin-remove', plugin_id: pluginId }, signal);
    },
    // Not given the signal: a restore is the rollback of an aborted operation and must still complete.
    async restore(snap) {
      await config.apply({ op: 'plugin-restore', plugin_id: snap.pluginId, main: snap.config, secrets: snap.secrets });
    },
  };
}
