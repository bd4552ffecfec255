/** What the Plugins page asks the server to do, one call each; failures throw ApiError. */
import type { ApiClient } from '../lib/api.ts';
import { operationOf, type OperationView } from '../lib/operation-types.ts';

export interface ToggleAnswer {
  /** The state the server settled on (200), or null while the toggle still runs (202). */
  enabled: boolean | null;
  message?: string;
  /** The still-running operation (202). */
  op: OperationView | null;
}

export async function togglePlugin(api: ApiClient, id: string, enabled: boolean): Promise<ToggleAnswer> {
  const res = await api.post<{ enabled?: boolean; operation_id: string; status?: string }>('/api/v3/plugins/toggle', {
    plugin_id: id,
    enabled,
  });
  if (res.status === 202) return { enabled: null, op: operationOf(res.data, id, 'toggle') };
  return { enabled: res.data.enabled ?? enabled, message: res.message, op: null };
}

/** Update or uninstall: the operation, finished (200) or still running (202). */
export async function runLifecycle(
  api: ApiClient,
  kind: 'update' | 'uninstall',
  body: { plugin_id: string; preserve_config?: boolean },
): Promise<OperationView> {
  const res = await api.post<unknown>(`/api/v3/plugins/${kind}`, body, { timeoutMs: 30_000 });
  return operationOf(res.data, body.plugin_id, kind);
}

/** Saves `display_duration` (seconds); null returns the plugin to its default. */
export async function saveDuration(api: ApiClient, id: string, seconds: number | null): Promise<string | undefined> {
  const res = await api.post('/api/v3/plugins/config', { plugin_id: id, config: { display_duration: seconds } });
  return res.message;
}

export async function resetHealth(api: ApiClient, id: string): Promise<void> {
  await api.post(`/api/v3/plugins/health/${encodeURIComponent(id)}/reset`);
}

/** Saves the rotation; the display picks it up without a restart. */
export async function saveRotation(api: ApiClient, order: readonly string[]): Promise<string | undefined> {
  const res = await api.post('/api/v3/config/main', { display: { plugin_rotation_order: order } });
  return res.message;
}
