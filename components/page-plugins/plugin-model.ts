/** One plugin as `GET /api/v3/plugins/installed` lists it. */
export interface InstalledPlugin {
  id: string;
  name: string;
  version: string | null;
  latest_version: string | null;
  update_available: boolean;
  author: string;
  category: string;
  description: string;
  tags: string[];
  enabled: boolean;
  verified: boolean;
  icon?: string | null;
  state: string;
  error_info: { error: string | null; error_type: string; timestamp: string | null } | null;
  last_updated: string | null;
  source: string;
  local_only: boolean;
  tombstoned: boolean;
}

/** One plugin's entry in `GET /api/v3/plugins/health`. */
export interface PluginHealth {
  plugin_id: string;
  circuit_state: 'closed' | 'open' | 'half_open';
  healthy: boolean;
  consecutive_failures: number;
  total_failures: number;
  last_error: string | null;
  last_error_at: string | null;
  opened_at: string | null;
}

export const installedList = (data: unknown): InstalledPlugin[] => {
  const list = Array.isArray(data) ? data : (data as { plugins?: unknown } | null)?.plugins;
  return Array.isArray(list) ? (list as InstalledPlugin[]) : [];
};

/**
 * The rotation as the display runs it: plugins listed in `display.plugin_rotation_order` first, in
 * that order, then the rest by id. Ids listed but not installed are dropped.
 */
export function rotationOrder(ids: readonly string[], listed: unknown): string[] {
  const have = new Set(ids);
  const first = Array.isArray(listed) ? listed.filter((x): x is string => typeof x === 'string' && have.has(x)) : [];
  return [...new Set([...first, ...[...ids].sort()])];
}

/** `order` with `id` moved to position `to` (clamped). */
export function moveTo(order: readonly string[], id: string, to: number): string[] {
  const rest = order.filter((x) => x !== id);
  if (rest.length === order.length) return [...order];
  const at = Math.max(0, Math.min(rest.length, to));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

export const HEALTH_LEVELS = ['ok', 'warn', 'danger'] as const;

export interface HealthBadge {
  text: string;
  level: (typeof HEALTH_LEVELS)[number];
  /** The last error, when there is one to show. */
  detail: string | null;
  /** Whether closing the breaker by hand makes sense. */
  resettable: boolean;
}

/** What the health badge says: the breaker's state, failures in a row, or a failed install state. */
export function healthBadge(p: InstalledPlugin, h: PluginHealth | undefined): HealthBadge {
  if (p.error_info && p.error_info.error_type !== 'operation') {
    const text = p.state === 'incompatible' ? 'Incompatible' : 'Error';
    return { text, level: 'danger', detail: p.error_info.error, resettable: false };
  }
  if (h?.circuit_state === 'open')
    return { text: 'Breaker open', level: 'danger', detail: h.last_error, resettable: true };
  if (h?.circuit_state === 'half_open')
    return { text: 'Recovering', level: 'warn', detail: h.last_error, resettable: true };
  if (h && h.consecutive_failures > 0) {
    return { text: `Failing (${h.consecutive_failures}×)`, level: 'warn', detail: h.last_error, resettable: false };
  }
  // The plugin runs; the last change asked of it did not happen.
  if (p.error_info) return { text: 'Last change failed', level: 'warn', detail: p.error_info.error, resettable: false };
  return { text: 'Healthy', level: 'ok', detail: null, resettable: false };
}

/** A plugin's stored display duration in seconds, or null when it uses the default. */
export function durationOf(config: unknown, id: string): number | null {
  const section = (config as Record<string, unknown> | null)?.[id] as Record<string, unknown> | undefined;
  const v = section?.display_duration;
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}
