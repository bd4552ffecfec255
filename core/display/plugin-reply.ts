/**
 * What a plugin's load reply says about its own schedule, over what its settings say. A LEDMatrix
 * plugin answers with LEDMatrix's rules applied by its host (`get_display_duration()`, an update
 * interval from its hook or manifest first, `has_live_priority()`); a Marquee plugin says nothing
 * of these and its settings decide (desired-state.ts).
 */
import type { Json, LoadReply } from '../hosts/messages.ts';
import { updateIntervalMs, type DesiredPlugin } from './desired-state.ts';

const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

/** The dwell the plugin asks for, ms; null: its settings decide. */
export function replyDurationMs(reply: LoadReply | null): number | null {
  const s = positive(reply?.durations?.display_s);
  return s === null ? null : s * 1000;
}

/** LEDMatrix's dynamic duration: at least the plugin's duration, at most its cap (180 s unless set); null when off. */
export function dynamicDwell(reply: LoadReply | null): { minMs: number; maxMs: number } | null {
  const d = reply?.durations;
  if (!d?.dynamic) return null;
  const minMs = (positive(d.display_s) ?? 15) * 1000;
  return { minMs, maxMs: Math.max(minMs, (positive(d.dynamic_cap_s) ?? 180) * 1000) };
}

/** LEDMatrix ends a dynamic dwell half a second past its minimum once the plugin's cycle is complete. */
export const DYNAMIC_GRACE_MS = 500;

/** How often its update() runs, ms. */
export function intervalMs(reply: LoadReply | null, spec: DesiredPlugin): number {
  const s = positive(reply?.update_interval_s);
  return s === null ? updateIntervalMs(spec) : s * 1000;
}

/** Whether its live content may take the panel: `live_priority` in its settings, or the plugin's own word. */
export const mayGoLive = (reply: LoadReply | null, config: Json): boolean =>
  config.live_priority === true || reply?.live_priority === true;

/** The reply to `configure` carries new durations (a LEDMatrix plugin's settings changed them). */
export function withConfigured(reply: LoadReply | null, configured: Record<string, unknown>): LoadReply | null {
  if (!reply) return reply;
  const durations = configured.durations as LoadReply['durations'] | undefined;
  return durations && typeof durations === 'object' ? { ...reply, durations } : reply;
}
