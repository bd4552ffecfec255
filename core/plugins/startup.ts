/**
 * What the web process does with plugins before it answers anything: finish or undo operations a
 * crash interrupted, then scan the plugins directory, so the first request sees every plugin.
 */
import type { PluginConfigPort } from './config-port.ts';
import { discoverPlugins, type DiscoveryReport } from './discovery.ts';
import { readEnabledFlags } from './enabled-flags.ts';
import { recoverStaging, type RecoveryOutcome } from './recover.ts';
import type { LifecycleDeps } from './staging.ts';

export async function preparePlugins(
  deps: LifecycleDeps,
  ports: { config?: PluginConfigPort } = {},
): Promise<{ recovered: RecoveryOutcome[]; discovery: DiscoveryReport }> {
  const flags = await readEnabledFlags(deps.settings.configDir, deps.log);
  const enabledOf = (id: string) => flags.get(id);
  const recovered = await recoverStaging(deps, { ...ports, enabledOf });
  const discovery = await discoverPlugins(deps, { enabledOf });
  deps.log.info('plugins discovered', {
    plugins: discovery.plugins.length,
    errors: discovery.errors.length,
    tombstoned: discovery.tombstoned,
    missing: discovery.missing,
    recovered: recovered.length,
  });
  return { recovered, discovery };
}
