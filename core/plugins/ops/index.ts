/**
 * The lifecycle's operation kinds, registered once by the composition root. Timeouts: a download
 * may take `timeouts.pluginDownloadMs`, and extraction and the swap get a minute beyond it.
 */
import type { Deps } from '../../deps.ts';
import type { LifecycleHooks } from './common.ts';
import { installExecutor } from './install.ts';
import { toggleExecutor } from './toggle.ts';
import { uninstallExecutor } from './uninstall.ts';
import { updateExecutor } from './update.ts';

export { INSTALL_KIND } from './install.ts';
export { UPDATE_KIND } from './update.ts';
export { UNINSTALL_KIND } from './uninstall.ts';
export { TOGGLE_KIND } from './toggle.ts';

export type { LifecycleHooks } from './common.ts';

export function registerLifecycleExecutors(deps: Pick<Deps, 'queue' | 'settings'>, hooks: LifecycleHooks = {}): void {
  const fetching = deps.settings.timeouts.pluginDownloadMs + 60_000;
  deps.queue.register(installExecutor(fetching, hooks));
  deps.queue.register(updateExecutor(fetching, hooks));
  deps.queue.register(uninstallExecutor(60_000, hooks));
  // A toggle is one config save: retrying it would only repeat a refusal.
  deps.queue.register({ ...toggleExecutor(15_000), maxAttempts: 1 });
}
