import type Database from 'better-sqlite3';
import type { PluginHealthRow } from '../../db/schema/display.ts';
import { closedBreaker, type Breaker, type BreakerState, type FailureKind } from './breaker.ts';

/** `plugin_health` through raw statements: the display loads no ORM, and web reads the same rows. */
const COLUMNS = `plugin_id AS pluginId, circuit_state AS circuitState, consecutive_failures AS consecutiveFailures,
  total_failures AS totalFailures, opened_at AS openedAt, last_error AS lastError, last_error_at AS lastErrorAt,
  last_success_at AS lastSuccessAt, metrics, updated_at AS updatedAt`;

type RawRow = Omit<PluginHealthRow, 'metrics'> & { metrics: string };
const parse = (r: RawRow): PluginHealthRow => ({ ...r, metrics: JSON.parse(r.metrics) as Record<string, unknown> });

export function readHealthRows(sqlite: Database.Database): PluginHealthRow[] {
  return (sqlite.prepare(`SELECT ${COLUMNS} FROM plugin_health ORDER BY plugin_id`).all() as RawRow[]).map(parse);
}

export function readHealthRow(sqlite: Database.Database, pluginId: string): PluginHealthRow | null {
  const row = sqlite.prepare(`SELECT ${COLUMNS} FROM plugin_health WHERE plugin_id = ?`).get(pluginId) as
    RawRow | undefined;
  return row ? parse(row) : null;
}

export function breakerFromRow(row: PluginHealthRow | null): Breaker {
  if (!row) return closedBreaker();
  return {
    state: row.circuitState as BreakerState,
    consecutiveFailures: row.consecutiveFailures,
    totalFailures: row.totalFailures,
    openedAt: row.openedAt,
    lastError: row.lastError,
    lastErrorAt: row.lastErrorAt,
    lastSuccessAt: row.lastSuccessAt,
    failureKind:
      row.consecutiveFailures > 0
        ? ((/^(update|render|thread):/.exec(row.lastError ?? '')?.[1] as FailureKind) ?? null)
        : null,
  };
}

/** Upserts a plugin's breaker, and its metrics when given (otherwise the stored metrics stay). */
export function writeHealth(
  sqlite: Database.Database,
  pluginId: string,
  b: Breaker,
  metrics: Record<string, unknown> | null,
  now: number,
): void {
  sqlite
    .prepare(
      `INSERT INTO plugin_health (plugin_id, circuit_state, consecutive_failures, total_failures, opened_at, last_error,
         last_error_at, last_success_at, metrics, updated_at)
       VALUES (@pluginId, @state, @consecutive, @total, @openedAt, @lastError, @lastErrorAt, @lastSuccessAt, @metrics, @now)
       ON CONFLICT(plugin_id) DO UPDATE SET circuit_state = excluded.circuit_state,
         consecutive_failures = excluded.consecutive_failures, total_failures = excluded.total_failures,
         opened_at = excluded.opened_at, last_error = excluded.last_error, last_error_at = excluded.last_error_at,
         last_success_at = excluded.last_success_at, updated_at = excluded.updated_at,
         metrics = CASE WHEN @keepMetrics = 1 THEN plugin_health.metrics ELSE excluded.metrics END`,
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
    });
}
