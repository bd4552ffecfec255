import { LOG_LEVELS, type PluginLogLevel } from './messages.ts';
import type { Message } from './protocol.ts';

export interface NoticeEvents {
  log(pluginId: string | null, level: PluginLogLevel, message: string, fields?: Record<string, unknown>): void;
  cache(pluginId: string, key: string, value: string | null, expiresAt: number | null): void;
  live(pluginId: string, value: boolean): void;
  /** The host said this plugin's code is ending it. */
  exiting(pluginId: string): void;
}

/**
 * The messages a host sends on its own (not replies): checked field by field, and only for the
 * plugins it runs — a host cannot write another plugin's cache or speak in its name.
 */
export function routeNotice(h: Message, members: ReadonlySet<string>, on: NoticeEvents): void {
  const id = typeof h.plugin_id === 'string' && members.has(h.plugin_id) ? h.plugin_id : null;
  if (h.t === 'log') {
    const level = (LOG_LEVELS as readonly string[]).includes(String(h.level)) ? (h.level as PluginLogLevel) : 'info';
    const fields = h.fields && typeof h.fields === 'object' ? (h.fields as Record<string, unknown>) : undefined;
    on.log(id, level, String(h.message ?? ''), fields);
  } else if (!id) return;
  else if (h.t === 'cache') {
    if (typeof h.key !== 'string' || (h.value !== null && typeof h.value !== 'string')) return;
    on.cache(id, h.key, h.value, typeof h.expires_at === 'number' ? h.expires_at : null);
  } else if (h.t === 'live') on.live(id, h.value === true);
  else if (h.t === 'exiting') on.exiting(id);
}
