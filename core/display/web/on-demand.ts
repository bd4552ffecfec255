import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { AppError } from '../../platform/errors/app-error.ts';
import { isRunnable, readInstalledPlugin } from '../installed.ts';
import { readPluginDir } from '../plugins-on-disk.ts';
import { onDemandActive, readOnDemand, type OnDemandRequest } from '../requests.ts';

export interface OnDemandInput {
  plugin_id: string;
  mode?: string;
  /** Seconds; absent, null or ≤ 0 means until stopped. */
  duration?: number | null;
  pinned?: boolean;
}

/** The plugin (installed per `plugin_state`, runnable) and its modes, or errors naming what is wrong. */
function resolve(sqlite: Database.Database, pluginId: string, mode: string | undefined) {
  const row = readInstalledPlugin(sqlite, pluginId);
  // A folder removed by hand since the last scan is as good as not installed.
  if (!row || row.status === 'uninstalled' || row.status === 'missing' || !fs.existsSync(row.path))
    throw new AppError('PLUGIN_NOT_FOUND', {
      message: `Plugin ${pluginId} is not installed`,
      context: { plugin_id: pluginId },
    });
  const plugin = readPluginDir(pluginId, row.path);
  const problem = isRunnable(row.status) ? plugin.problem : `its status is ${row.status}`;
  if (problem || !plugin.entry)
    // The plugin's own state refuses the request, not the server: a 409, not a 500.
    throw new AppError('PLUGIN_NOT_RUNNABLE', {
      message: `Plugin ${pluginId} cannot run: ${problem}`,
      context: { plugin_id: pluginId, status: row.status },
    });
  if (mode !== undefined && mode !== pluginId && !plugin.modes.includes(mode))
    throw new AppError('NOT_FOUND', {
      message: `Plugin ${pluginId} has no display mode ${mode}`,
      context: { plugin_id: pluginId, mode, modes: plugin.modes },
      fixes: [`Use one of: ${plugin.modes.join(', ')}`],
    });
  return { plugin, mode: mode === pluginId && !plugin.modes.includes(mode) ? null : (mode ?? null) };
}

/**
 * Records an on-demand request; the display shows it within a second, without a restart. One
 * request at a time: a new one replaces the previous. The row is desired state, so a display
 * restarted meanwhile picks it up too.
 */
export function startOnDemand(sqlite: Database.Database, now: number, input: OnDemandInput): OnDemandRequest {
  const { mode } = resolve(sqlite, input.plugin_id, input.mode);
  const duration = input.duration && input.duration > 0 ? Math.round(input.duration) : null;
  const row: OnDemandRequest = {
    requestId: randomUUID(),
    pluginId: input.plugin_id,
    mode,
    durationS: duration,
    pinned: !!input.pinned,
    requestedAt: now,
    expiresAt: duration === null ? null : now + duration * 1000,
  };
  sqlite
    .prepare(
      `INSERT INTO display_on_demand (id, request_id, plugin_id, mode, duration_s, pinned, requested_at, expires_at)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET request_id = excluded.request_id,
       plugin_id = excluded.plugin_id, mode = excluded.mode, duration_s = excluded.duration_s, pinned = excluded.pinned,
       requested_at = excluded.requested_at, expires_at = excluded.expires_at`,
    )
    .run(row.requestId, row.pluginId, row.mode, row.durationS, row.pinned ? 1 : 0, row.requestedAt, row.expiresAt);
  return row;
}

/**
 * Ends the on-demand session (if any) and returns the request that was in force. The row is kept,
 * ended at `now`, so status can say it was stopped rather than expired.
 */
export function stopOnDemand(sqlite: Database.Database, now: number): OnDemandRequest | null {
  const current = readOnDemand(sqlite);
  if (!onDemandActive(current, now)) return null;
  sqlite.prepare('UPDATE display_on_demand SET expires_at = ? WHERE id = 1').run(now);
  return current;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Ended before its duration (or, without one, at all): a stop, not an expiry. */
const stoppedEarly = (r: OnDemandRequest) =>
  r.expiresAt !== null && (r.durationS === null || r.expiresAt < r.requestedAt + r.durationS * 1000);

/** LEDMatrix's `state` of the on-demand session: whether one is in force, for what, until when. */
export function onDemandState(sqlite: Database.Database, now: number) {
  const r = readOnDemand(sqlite);
  // A plain boolean: onDemandActive's type guard would make `r` null wherever it is false.
  const active: boolean = onDemandActive(r, now);
  const stopped = !!r && !active && stoppedEarly(r);
  const endedAt = r?.expiresAt != null && !active ? Math.min(r.expiresAt, now) : null;
  const ended = !r ? null : stopped ? 'requested-stop' : 'expired';
  return {
    active,
    status: active ? 'active' : r ? (stopped ? 'stopped' : 'expired') : 'idle',
    last_event: active ? 'started' : ended,
    error: null,
    request_id: r?.requestId ?? null,
    plugin_id: r?.pluginId ?? null,
    mode: r?.mode ?? null,
    duration: r?.durationS ?? null,
    pinned: r?.pinned ?? false,
    requested_at: iso(r?.requestedAt ?? null),
    expires_at: iso(r?.expiresAt ?? null),
    remaining: active && r?.expiresAt ? Math.max(0, Math.ceil((r.expiresAt - now) / 1000)) : null,
    last_updated: iso(endedAt ?? r?.requestedAt ?? null),
  };
}
