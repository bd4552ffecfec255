/**
 * The lifecycle's operation kinds, registered once by the composition root. Timeouts: a download
 * may take `timeouts.pluginDownloadMs`, pip `python.pipTimeoutMs`, and extraction and the swap get
 * a minute beyond them.
 */
import type { Queue } from '../../queue/index.ts';
import type { LifecycleDeps } from './common.ts';
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

export function registerLifecycleExecutors(queue: Queue, deps: LifecycleDeps, hooks: LifecycleHooks = {}): void {
  // A Python plugin's requirements.txt is installed in the same operation, within its own limit.
  const fetching = deps.settings.timeouts.pluginDownloadMs + deps.settings.python.pipTimeoutMs + 60_000;
  queue.register(installExecutor(deps, fetching, hooks));
  queue.register(updateExecutor(deps, fetching, hooks));
  queue.register(uninstallExecutor(deps, 60_000, hooks));
  // A toggle is one config save: retrying it would only repeat a refusal.
  queue.register({ ...toggleExecutor(deps, 15_000), maxAttempts: 1 });
}
