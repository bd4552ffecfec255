import type Database from 'better-sqlite3';
import type { DisplayCommandRow, DisplayOnDemandRow } from '../../db/schema/display.ts';

/** What the web asked the display for, read with raw statements (the display loads no ORM). */
export interface OnDemandRequest {
  requestId: string;
  pluginId: string;
  mode: string | null;
  durationS: number | null;
  pinned: boolean;
  requestedAt: number;
  expiresAt: number | null;
}

const ON_DEMAND = `SELECT request_id AS requestId, plugin_id AS pluginId, mode, duration_s AS durationS, pinned,
  requested_at AS requestedAt, expires_at AS expiresAt FROM display_on_demand WHERE id = 1`;
const PENDING = `SELECT id, kind, plugin_id AS pluginId, created_at AS createdAt, handled_at AS handledAt
  FROM display_commands WHERE handled_at IS NULL ORDER BY id`;
const HANDLED = 'UPDATE display_commands SET handled_at = ? WHERE id = ?';
const TOMBSTONES = 'SELECT plugin_id FROM uninstalled ORDER BY plugin_id';

export function readOnDemand(sqlite: Database.Database): OnDemandRequest | null {
  const row = sqlite.prepare(ON_DEMAND).get() as
    (Omit<DisplayOnDemandRow, 'id' | 'pinned'> & { pinned: number }) | undefined;
  return row ? { ...row, pinned: !!row.pinned } : null;
}

/** Plugins the user uninstalled: never loaded, even when their folder is on disk (a built-in one, or one put back by hand). */
export function readTombstones(sqlite: Database.Database): Set<string> {
  return new Set(sqlite.prepare(TOMBSTONES).pluck().all() as string[]);
}

/** An on-demand request is in force until stopped or until it expires. */
export const onDemandActive = (r: OnDemandRequest | null, now: number): r is OnDemandRequest =>
  !!r && (r.expiresAt === null || now < r.expiresAt);

export function readPendingCommands(sqlite: Database.Database): DisplayCommandRow[] {
  return sqlite.prepare(PENDING).all() as DisplayCommandRow[];
}

export function markHandled(sqlite: Database.Database, ids: number[], now: number): void {
  const stmt = sqlite.prepare(HANDLED);
  sqlite.transaction(() => ids.forEach((id) => stmt.run(now, id)))();
}

/** Changes whenever another connection commits; reading it costs no I/O. */
export const dataVersion = (sqlite: Database.Database): number =>
  sqlite.pragma('data_version', { simple: true }) as number;
