/**
 * How the API saves configuration: one call per route. Today the store serialises saves per key
 * itself; with the operation queue this becomes
 * `deps.queue.enqueueAndWait({ kind: 'configure', key: keyOf(change), params: change })`
 * (history keeping `describeChange(change)`, never the values), run by `configureExecutor`.
 */
import type { Deps } from '../deps.ts';
import { AppError } from '../errors/app-error.ts';
import type { ConfigChange, SaveResult } from './change.ts';

export async function saveConfig(deps: Pick<Deps, 'config'>, change: ConfigChange): Promise<SaveResult> {
  // An unknown plugin is a 404 at once, not a failed operation in the history.
  if ('plugin_id' in change && change.op !== 'plugin-restore' && !deps.config.isKnownPlugin(change.plugin_id))
    throw new AppError('PLUGIN_NOT_FOUND', {
      message: `Plugin ${change.plugin_id} not found`,
      context: { plugin_id: change.plugin_id },
    });
  return deps.config.save(change);
}
