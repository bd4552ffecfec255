/** Safe mode as the API and the UI show it. */
import type Database from 'better-sqlite3';
import { CLEAN_PERIOD_MS, readSafeMode } from './state.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Third-party plugins the user has switched on: what safe mode keeps off the panel. */
const PAUSED = `SELECT id FROM plugin_state WHERE source <> 'builtin' AND present = 1 AND status = 'enabled' ORDER BY id`;

export function safeModeView(sqlite: Database.Database) {
  const s = readSafeMode(sqlite);
  return {
    active: s.active,
    process: s.process,
    reason: s.reason,
    entered_at: iso(s.enteredAt),
    /** When safe mode ends by itself if nothing crashes meanwhile. */
    ends_at: s.active && s.cleanSince !== null ? iso(s.cleanSince + CLEAN_PERIOD_MS) : null,
    left_at: iso(s.leftAt),
    left_by: s.leftBy,
    paused_plugins: s.active ? (sqlite.prepare(PAUSED).pluck().all() as string[]) : [],
  };
}

export type SafeModeView = ReturnType<typeof safeModeView>;
