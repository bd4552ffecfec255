/**
 * The `toggle` operation (key: the plugin id): writes `enabled` into the plugin's config section
 * (the truth, atomic and backed up) and then its projection in plugin_state. The executor holds the
 * plugin's key, so it saves through `config.apply` rather than enqueueing a `configure`.
 */
import type { LifecycleDeps } from './common.ts';
import type { Platform } from '../../platform/index.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { Executor, JsonValue } from '../../queue/types.ts';
import { publishPluginChanged } from '../state/events.ts';
import { getPluginState, recordEnabled } from '../state/rows.ts';
import { parseParams, toggleParams } from './params.ts';

export const TOGGLE_KIND = 'toggle';

export interface ToggleResult {
  [key: string]: string | boolean | null;
  plugin_id: string;
  enabled: boolean;
  state: string | null;
  message: string;
}

/** A plugin that can be toggled: any known one except an uninstalled one. Also the route's 404. */
export function assertToggleable(deps: Pick<Platform, 'db'>, id: string): void {
  const row = getPluginState(deps, id);
  if (row && row.status !== 'uninstalled') return;
  throw new AppError('PLUGIN_NOT_FOUND', { message: `Plugin ${id} not found`, context: { plugin_id: id } });
}

/** Writes the flag into plugin_state where the row disagrees, and announces where the plugin stands. */
function recordAndAnnounce(deps: LifecycleDeps, id: string, enabled: boolean): string | null {
  recordEnabled(deps, id, enabled);
  return publishPluginChanged(deps, id).state;
}

export function toggleExecutor(deps: LifecycleDeps, timeoutMs: number): Executor<JsonValue, ToggleResult> {
  return {
    kind: TOGGLE_KIND,
    timeoutMs,
    async run({ params, signal }) {
      const { plugin_id: id, enabled } = parseParams(toggleParams, params);
      assertToggleable(deps, id);
      const save = () => deps.config.apply({ op: 'plugin', plugin_id: id, config: { enabled } }, signal);
      const { changed } = await deps.enabledFlags.during(save);
      // A changed flag reached plugin_state through the config listener, which announced it; only
      // what is left (no listener yet, a row that disagreed with an unchanged file, or nothing
      // changed) is written and announced here.
      const state = changed.has(id) ? (getPluginState(deps, id)?.status ?? null) : recordAndAnnounce(deps, id, enabled);
      return {
        plugin_id: id,
        enabled,
        state,
        message: `Plugin ${id} ${enabled ? 'enabled' : 'disabled'} successfully`,
      };
    },
  };
}
