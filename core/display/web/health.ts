import type Database from 'better-sqlite3';
import type { PluginHealthRow } from '../../../db/schema/display.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { breakerFromRow, readHealthRow, readHealthRows, writeHealth } from '../health-store.ts';
import { resetBreaker } from '../breaker.ts';
import { knownPluginIds, readInstalledPlugin } from '../installed.ts';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const epochSeconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const calls = (row: PluginHealthRow | null) => {
  const m = (row?.metrics ?? {}) as Record<string, { count?: unknown } | undefined>;
  const count = (k: string) => (typeof m[k]?.count === 'number' ? (m[k].count as number) : 0);
  return count('update') + count('render');
};

/**
 * LEDMatrix's names for the same facts, beside Marquee's: `is_healthy` (breaker closed), successes
 * and their rate (percent, 2 places, 0 with no calls) over the calls the display timed since it
 * started, and times as Unix seconds.
 */
export function ledmatrixHealth(row: PluginHealthRow | null) {
  const total = calls(row);
  const successes = Math.max(0, total - (row?.totalFailures ?? 0));
  return {
    is_healthy: (row?.circuitState ?? 'closed') === 'closed',
    total_successes: successes,
    success_rate: total ? Math.round((10_000 * successes) / total) / 100 : 0,
    last_success_time: epochSeconds(row?.lastSuccessAt ?? null),
    last_failure_time: epochSeconds(row?.lastErrorAt ?? null),
  };
}

/** A plugin's health as the API shows it (LEDMatrix names). */
export function healthView(id: string, row: PluginHealthRow | null) {
  return {
    plugin_id: id,
    circuit_state: row?.circuitState ?? 'closed',
    healthy: (row?.circuitState ?? 'closed') === 'closed',
    consecutive_failures: row?.consecutiveFailures ?? 0,
    total_failures: row?.totalFailures ?? 0,
    last_error: row?.lastError ?? null,
    last_error_at: iso(row?.lastErrorAt ?? null),
    last_success_at: iso(row?.lastSuccessAt ?? null),
    opened_at: iso(row?.openedAt ?? null),
    updated_at: iso(row?.updatedAt ?? null),
    ...ledmatrixHealth(row),
  };
}

export const metricsView = (id: string, row: PluginHealthRow | null) => ({
  plugin_id: id,
  update: row?.metrics.update ?? { count: 0, avg_ms: 0, p95_ms: 0, max_ms: 0 },
  render: row?.metrics.render ?? { count: 0, avg_ms: 0, p95_ms: 0, max_ms: 0 },
  updated_at: iso(row?.updatedAt ?? null),
  ...ledmatrixHealth(row),
});

/** Every plugin in `plugin_state`, plus any with recorded health (a plugin removed since keeps its history). */
export function allHealth(sqlite: Database.Database) {
  const rows = new Map(readHealthRows(sqlite).map((r) => [r.pluginId, r]));
  const ids = [...new Set([...knownPluginIds(sqlite), ...rows.keys()])].sort();
  return ids.map((id) => ({ id, row: rows.get(id) ?? null }));
}

export function oneHealth(sqlite: Database.Database, id: string) {
  const row = readHealthRow(sqlite, id);
  const known = readInstalledPlugin(sqlite, id);
  if (!row && (!known || known.status === 'uninstalled'))
    throw new AppError('PLUGIN_NOT_FOUND', { message: `Plugin ${id} is not installed`, context: { plugin_id: id } });
  return row;
}

/**
 * Closes a plugin's breaker: the stored row at once (so health answers the new state even while
 * the display is down) and a command the running display applies within a second.
 */
export function resetHealth(sqlite: Database.Database, id: string, now: number) {
  const row = oneHealth(sqlite, id);
  sqlite.transaction(() => {
    writeHealth(sqlite, id, resetBreaker(breakerFromRow(row)), null, now);
    sqlite
      .prepare("INSERT INTO display_commands (kind, plugin_id, created_at) VALUES ('health_reset', ?, ?)")
      .run(id, now);
  })();
  return readHealthRow(sqlite, id);
}
