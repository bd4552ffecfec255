/**
 * `plugin.changed` on the event stream (contract: `{plugin_id, state, enabled, version}`), published
 * after every lifecycle change so the UI and the display runtime never poll. The payload is read
 * back from plugin_state, the truth, rather than assembled by each caller.
 */
import type { Platform } from '../../platform/index.ts';
import { getPluginState } from './rows.ts';

export const PLUGIN_CHANGED = 'plugin.changed';

export interface PluginChanged {
  plugin_id: string;
  /** plugin_state status; null when no record is left. */
  state: string | null;
  enabled: boolean;
  version: string | null;
}

export function publishPluginChanged(deps: Pick<Platform, 'db' | 'events'>, pluginId: string): PluginChanged {
  const row = getPluginState(deps, pluginId);
  const data: PluginChanged = {
    plugin_id: pluginId,
    state: row?.status ?? null,
    enabled: row?.enabled ?? false,
    version: row?.version ?? null,
  };
  deps.events.publish(PLUGIN_CHANGED, data);
  return data;
}
