import type Database from 'better-sqlite3';
import type { PluginHealthRow } from '../../../db/schema/display.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { readHeartbeat } from '../../platform/heartbeat.ts';
import { breakerFromRow, readHealthRow, readHealthRows, writeHealth } from '../health-store.ts';
import { resetBreaker } from '../breaker.ts';
import { knownPluginIds, readInstalledPlugin } from '../installed.ts';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
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

/** What the running display says of a plugin now (its heartbeat, `plugins[id]`). */
export interface LivePlugin {
  phase?: string;
  refused?: string | null;
  host?: {
    key: string;
    runtime?: string | null;
    pid: number | null;
    shared: boolean;
    rss_mb: number;
    pss_mb: number;
    demoted?: boolean;
  } | null;
  cpu_pct?: number;
  throttled?: boolean;
}

/** Where health is read from: the database, and the display's heartbeat while it is fresh. */
export interface HealthSource {
  sqlite: Database.Database;
  now: number;
  staleMs: number;
}

export const healthSource = (deps: {
  db: { sqlite: Database.Database };
  clock: { now(): number };
  settings: { display: { heartbeatStaleMs: number } };
}): HealthSource => ({
  sqlite: deps.db.sqlite,
  now: deps.clock.now(),
  staleMs: deps.settings.display.heartbeatStaleMs,
});

/** Each plugin's live facts from the display's heartbeat, when the display is alive. */
function livePlugins(src: HealthSource): Map<string, LivePlugin> {
  const beat = readHeartbeat(src.sqlite, 'display');
  if (!beat || src.now - beat.beatAt > src.staleMs) return new Map();
  const plugins = beat.info.plugins;
  return new Map(plugins && typeof plugins === 'object' ? Object.entries(plugins as Record<string, LivePlugin>) : []);
}

/** A plugin's health as the API shows it (LEDMatrix names, and its host's facts). */
export function healthView(id: string, row: PluginHealthRow | null, live?: LivePlugin) {
  const state = row?.circuitState ?? 'closed';
  const quarantined = (row?.quarantinedAt ?? null) !== null;
  const refused = live?.refused ?? null;
  return {
    plugin_id: id,
    circuit_state: state,
    healthy: state === 'closed' && !quarantined && !refused,
    consecutive_failures: row?.consecutiveFailures ?? 0,
    total_failures: row?.totalFailures ?? 0,
    last_error: row?.lastError ?? null,
    last_error_at: iso(row?.lastErrorAt),
    last_success_at: iso(row?.lastSuccessAt),
    opened_at: iso(row?.openedAt),
    updated_at: iso(row?.updatedAt),
    quarantined,
    quarantined_at: iso(row?.quarantinedAt),
    refused,
    restarts: row?.restarts ?? 0,
    last_kill_reason: row?.lastKillReason ?? null,
    last_kill_at: iso(row?.lastKillAt),
    host: hostView(live),
    cpu: cpuView(row, live),
    ...ledmatrixHealth(row),
  };
}

const hostView = (live?: LivePlugin) =>
  live?.host
    ? {
        pid: live.host.pid,
        runtime: live.host.runtime ?? null,
        shared: live.host.shared,
        rss_mb: live.host.rss_mb,
        pss_mb: live.host.pss_mb,
        demoted: live.host.demoted === true,
      }
    : null;

/** CPU share: the display's figure now, else the last one written with the metrics. */
function cpuView(row: PluginHealthRow | null, live?: LivePlugin) {
  const stored = (row?.metrics.cpu ?? {}) as { share_pct?: number; budget_pct?: number; throttled?: boolean };
  return {
    share_pct: live?.cpu_pct ?? stored.share_pct ?? 0,
    budget_pct: stored.budget_pct ?? null,
    throttled: live?.throttled ?? stored.throttled ?? false,
  };
}

const NO_TIMING = { count: 0, avg_ms: 0, p95_ms: 0, max_ms: 0 };

export const metricsView = (id: string, row: PluginHealthRow | null, live?: LivePlugin) => ({
  plugin_id: id,
  update: row?.metrics.update ?? NO_TIMING,
  render: row?.metrics.render ?? NO_TIMING,
  cpu: cpuView(row, live),
  host: hostView(live),
  restarts: row?.restarts ?? 0,
  updated_at: iso(row?.updatedAt),
  ...ledmatrixHealth(row),
});

/** Every plugin in `plugin_state`, plus any with recorded health (a plugin removed since keeps its history). */
export function allHealth(src: HealthSource) {
  const rows = new Map(readHealthRows(src.sqlite).map((r) => [r.pluginId, r]));
  const live = livePlugins(src);
  const ids = [...new Set([...knownPluginIds(src.sqlite), ...rows.keys()])].sort();
  return ids.map((id) => ({ id, row: rows.get(id) ?? null, live: live.get(id) }));
}

export function oneHealth(src: HealthSource, id: string) {
  const row = readHealthRow(src.sqlite, id);
  const known = readInstalledPlugin(src.sqlite, id);
  if (!row && (!known || known.status === 'uninstalled'))
    throw new AppError('PLUGIN_NOT_FOUND', { message: `Plugin ${id} is not installed`, context: { plugin_id: id } });
  return { row, live: livePlugins(src).get(id) };
}

/**
 * Closes a plugin's breaker and lifts its quarantine: the stored row at once (so health answers
 * the new state even while the display is down) and a command the running display applies within
 * a second.
 */
export function resetHealth(src: HealthSource, id: string) {
  const { row } = oneHealth(src, id);
  src.sqlite.transaction(() => {
    writeHealth(src.sqlite, id, resetBreaker(breakerFromRow(row)), null, src.now);
    src.sqlite
      .prepare("INSERT INTO display_commands (kind, plugin_id, created_at) VALUES ('health_reset', ?, ?)")
      .run(id, src.now);
  })();
  return oneHealth(src, id);
}
