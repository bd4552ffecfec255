import type { ApiClient } from '../lib/api.ts';

/** How long "Show now" from a Store card keeps a new plugin on the panel before the rotation resumes. */
export const SHOW_NOW_SECONDS = 60;

/** Puts the plugin on the panel at once, for a minute; returns what to tell the user. */
export async function showNow(api: ApiClient, pluginId: string): Promise<string> {
  await api.post('/api/v3/display/on-demand/start', { plugin_id: pluginId, duration: SHOW_NOW_SECONDS });
  return 'On your panel now, for a minute';
}
