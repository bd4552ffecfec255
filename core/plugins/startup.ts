/**
 * What the web process does with plugins before it answers anything: finish or undo operations a
 * crash interrupted, then scan the plugins directory, so the first request sees every plugin.
 * A failure here is logged, not fatal: the UI must still come up to show what is wrong.
 */
import type { PluginConfigPort } from './config-port.ts';
import { discoverPlugins, type DiscoveryReport } from './state/discovery.ts';
import { readEnabledFlags } from './state/enabled-flags.ts';
import { recoverStaging, type RecoveryOutcome } from './staging/recover.ts';
import type { LifecycleDeps } from './staging/staging.ts';

export interface PreparedPlugins {
  recovered: RecoveryOutcome[];
  discovery?: DiscoveryReport;
}

export async function preparePlugins(
  deps: LifecycleDeps,
  ports: { config?: PluginConfigPort } = {},
): Promise<PreparedPlugins> {
  const flags = await readEnabledFlags(deps.settings.configDir, deps.log);
  const enabledOf = (id: string) => flags.get(id);
  let recovered: RecoveryOutcome[] = [];
  try {
    recovered = await recoverStaging(deps, { ...ports, enabledOf });
  } catch (e) {
    deps.log.error('plugin staging recovery failed', { error: (e as Error).message, stack: (e as Error).stack });
  }
  try {
    const discovery = await discoverPlugins(deps, { enabledOf });
    deps.log.info('plugins discovered', {
      plugins: discovery.plugins.length,
      errors: discovery.errors.length,
      tombstoned: discovery.tombstoned,
      missing: discovery.missing,
      recovered: recovered.length,
    });
    return { recovered, discovery };
  } catch (e) {
    deps.log.error('plugin discovery failed', { error: (e as Error).message, stack: (e as Error).stack });
    return { recovered };
  }
}
