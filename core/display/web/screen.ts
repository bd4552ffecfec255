import { readHeartbeat } from '../../platform/heartbeat.ts';
import type { Platform } from '../../platform/index.ts';
import type { ScreenStatus } from '../loop.ts';
import type { DisplayLink } from './link.ts';

/** The link to a supervised display, and the heartbeat a display started alone leaves in the database. */
export interface ScreenSources extends Pick<Platform, 'db' | 'clock' | 'settings'> {
  display: Pick<DisplayLink, 'status' | 'connected'>;
}

const iso = (ms: number | null | undefined) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);

/**
 * What is on screen: pushed by the supervised display on every change; otherwise (display started
 * alone) from its last heartbeat, which is at most one flush interval old.
 */
export function currentScreen(deps: ScreenSources) {
  const pushed = deps.display.status();
  const beat = pushed ? null : readHeartbeat(deps.db.sqlite, 'display');
  const fresh = beat && deps.clock.now() - beat.beatAt <= deps.settings.display.heartbeatStaleMs;
  const s = (pushed?.status ?? (fresh ? beat.info.screen : null)) as ScreenStatus | null;
  return {
    state: s?.state ?? 'unknown',
    plugin_id: s?.plugin_id ?? null,
    mode: s?.mode ?? null,
    source: s?.source ?? null,
    since: iso(s?.since),
    until: iso(s?.until),
    next: s?.next ?? null,
    on_demand_active: s?.source === 'on_demand',
    is_display_active: s?.state === 'showing' || s?.state === 'idle',
    last_updated: iso(pushed?.at ?? beat?.beatAt),
  };
}

/** LEDMatrix's `service` block: whether a display process is running (supervised, or alone with a fresh heartbeat). */
export function displayService(deps: ScreenSources) {
  if (deps.display.connected()) return { active: true };
  const beat = readHeartbeat(deps.db.sqlite, 'display');
  return { active: !!beat && deps.clock.now() - beat.beatAt <= deps.settings.display.heartbeatStaleMs };
}
