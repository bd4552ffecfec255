import type Database from 'better-sqlite3';
import type { PluginHealthRow } from '../../db/schema/display.ts';
import { closedBreaker, type Breaker, type BreakerState, type FailureKind } from './breaker.ts';

/** `plugin_health` through raw statements: the display loads no ORM, and web reads the same rows. */
const COLUMNS = `plugin_id AS pluginId, circuit_state AS circuitState, consecutive_failures AS consecutiveFailures,
  total_failures AS totalFailures, opened_at AS openedAt, last_error AS lastError, last_error_at AS lastErrorAt,
  last_success_at AS lastSuccessAt, metrics, updated_at AS updatedAt, quarantined_at AS quarantinedAt, crashes,
  restarts, last_kill_reason AS lastKillReason, last_kill_at AS lastKillAt`;

type RawRow = Omit<PluginHealthRow, 'metrics' | 'crashes'> & { metrics: string; crashes: string };

/** Host facts that outlive a display process: restarts and the last kill. */
export interface Supervision {
  restarts: number;
  lastKillReason: string | null;
  lastKillAt: number | null;
}

const TIMINGS = ['count', 'avg_ms', 'p95_ms', 'max_ms'] as const;
const finite = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Stored metrics as the API may serve them: every figure a finite number (a hand edit or a torn
 * write could leave `"NaN"`, a string or broken JSON), unknown keys dropped.
 */
export function cleanMetrics(raw: unknown): Record<string, unknown> {
  const m = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const kind of ['update', 'render'] as const) {
    const t = m[kind];
    if (t && typeof t === 'object') out[kind] = Object.fromEntries(TIMINGS.map((k) => [k, finite((t as never)[k])]));
  }
  const cpu = m.cpu as Record<string, unknown> | undefined;
  if (cpu && typeof cpu === 'object')
    out.cpu = {
      share_pct: finite(cpu.share_pct),
      budget_pct: finite(cpu.budget_pct),
      throttled: cpu.throttled === true,
    };
  return out;
}

const cleanCrashes = (raw: unknown): number[] =>
  Array.isArray(raw) ? raw.filter((t): t is number => typeof t === 'number' && Number.isFinite(t)) : [];

/** A row as read; a row whose metrics or crash list were not clean is repaired in place. */
function parse(sqlite: Database.Database, r: RawRow): PluginHealthRow {
  const metrics = cleanMetrics(parseJson(r.metrics));
  const crashes = cleanCrashes(parseJson(r.crashes));
  const [m, c] = [JSON.stringify(metrics), JSON.stringify(crashes)];
  if (m !== r.metrics || c !== r.crashes)
    sqlite.prepare('UPDATE plugin_health SET metrics = ?, crashes = ? WHERE plugin_id = ?').run(m, c, r.pluginId);
  return { ...r, metrics, crashes };
}

export function readHealthRows(sqlite: Database.Database): PluginHealthRow[] {
  const rows = sqlite.prepare(`SELECT ${COLUMNS} FROM plugin_health ORDER BY plugin_id`).all() as RawRow[];
  return rows.map((r) => parse(sqlite, r));
}

export function readHealthRow(sqlite: Database.Database, pluginId: string): PluginHealthRow | null {
  const row = sqlite.prepare(`SELECT ${COLUMNS} FROM plugin_health WHERE plugin_id = ?`).get(pluginId) as
    RawRow | undefined;
  return row ? parse(sqlite, row) : null;
}

const STATES: readonly string[] = ['closed', 'open', 'half_open'];

export function breakerFromRow(row: PluginHealthRow | null): Breaker {
  if (!row) return closedBreaker();
  return {
    state: (STATES.includes(row.circuitState) ? row.circuitState : 'open') as BreakerState,
    consecutiveFailures: row.consecutiveFailures,
    totalFailures: row.totalFailures,
    openedAt: row.openedAt,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    lastSuccessAt: row.lastSuccessAt,
    failureKind:
      row.consecutiveFailures > 0
        ? ((/^(update|render|load|host|cpu|thread):/.exec(row.lastError ?? '')?.[1] as FailureKind) ?? null)
        : null,
    recent: [],
    quarantinedAt: row.quarantinedAt,
    crashes: row.crashes,
  };
}

export const supervisionFromRow = (row: PluginHealthRow | null): Supervision => ({
  restarts: row?.restarts ?? 0,
  lastKillReason: row?.lastKillReason ?? null,
  lastKillAt: row?.lastKillAt ?? null,
});

/**
 * Upserts a plugin's breaker (with its quarantine), and its metrics and supervision facts when
 * given (otherwise the stored ones stay).
 */
export function writeHealth(
  sqlite: Database.Database,
  pluginId: string,
  b: Breaker,
  metrics: Record<string, unknown> | null,
  now: number,
  supervision: Supervision | null = null,
): void {
  sqlite
    .prepare(
      `INSERT INTO plugin_health (plugin_id, circuit_state, consecutive_failures, total_failures, opened_at, last_error,
         last_error_at, last_success_at, metrics, updated_at, quarantined_at, crashes, restarts, last_kill_reason, last_kill_at)
       VALUES (@pluginId, @state, @consecutive, @total, @openedAt, @lastError, @lastErrorAt, @lastSuccessAt, @metrics, @now,
         @quarantinedAt, @crashes, @restarts, @lastKillReason, @lastKillAt)
       ON CONFLICT(plugin_id) DO UPDATE SET circuit_state = excluded.circuit_state,
         consecutive_failures = excluded.consecutive_failures, total_failures = excluded.total_failures,
         opened_at = excluded.opened_at, last_error = excluded.last_error, last_error_at = excluded.last_error_at,
         last_success_at = excluded.last_success_at, updated_at = excluded.updated_at,
         quarantined_at = excluded.quarantined_at, crashes = excluded.crashes,
         metrics = CASE WHEN @keepMetrics = 1 THEN plugin_health.metrics ELSE excluded.metrics END,
         restarts = CASE WHEN @keepSupervision = 1 THEN plugin_health.restarts ELSE excluded.restarts END,
         last_kill_reason = CASE WHEN @keepSupervision = 1 THEN plugin_health.last_kill_reason ELSE excluded.last_kill_reason END,
         last_kill_at = CASE WHEN @keepSupervision = 1 THEN plugin_health.last_kill_at ELSE excluded.last_kill_at END`,
    )
    .run({
      pluginId,
      state: b.state,
      consecutive: b.consecutiveFailures,
      total: b.totalFailures,
      openedAt: b.openedAt,
      lastError: b.lastError,
      lastErrorAt: b.lastErrorAt,
      lastSuccessAt: b.lastSuccessAt,
      metrics: JSON.stringify(metrics ?? {}),
      now,
      keepMetrics: metrics === null ? 1 : 0,
      quarantinedAt: b.quarantinedAt,
      crashes: JSON.stringify(b.crashes),
      restarts: supervision?.restarts ?? 0,
      lastKillReason: supervision?.lastKillReason ?? null,
      lastKillAt: supervision?.lastKillAt ?? null,
      keepSupervision: supervision === null ? 1 : 0,
    });
}
