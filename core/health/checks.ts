import fs from 'node:fs';
import { isMigrated } from '../../db/migrate.ts';
import type { ConfigService } from '../config/service.ts';
import type { Check } from '../platform/check.ts';
import { readHeartbeat } from '../platform/heartbeat.ts';
import type { Platform } from '../platform/index.ts';

export type { Check, CheckStatus } from '../platform/check.ts';
export type Overall = 'healthy' | 'degraded' | 'unhealthy';

type HealthBase = Pick<Platform, 'clock' | 'db' | 'settings' | 'tasks' | 'scheduler'>;

/**
 * What the checks read besides the base: the config files' own check, and whether this process
 * supervises the display.
 */
export interface HealthServices {
  config: Pick<ConfigService, 'health'>;
  supervisesDisplay: boolean;
}

function database(deps: Pick<Platform, 'clock' | 'db' | 'settings'>): Check {
  const now = deps.clock.now();
  const beat = readHeartbeat(deps.db.sqlite, 'web');
  const migrated = isMigrated(deps.db.sqlite, deps.db.latestMigration);
  const age = beat ? now - beat.beatAt : null;
  const fresh = age !== null && age <= deps.settings.display.heartbeatStaleMs;
  if (!migrated) return { status: 'failed', detail: 'database schema is behind this version', file: deps.db.file };
  if (!fresh) return { status: 'failed', detail: 'no recent successful write to the database', last_write_age_ms: age };
  return { status: 'ok', detail: 'writable and migrated', last_write_age_ms: age };
}

function configDir(deps: Pick<Platform, 'settings'>): Check {
  try {
    fs.accessSync(deps.settings.configDir, fs.constants.W_OK);
    return { status: 'ok', detail: 'writable', path: deps.settings.configDir };
  } catch (e) {
    return {
      status: 'failed',
      detail: `not writable: ${(e as NodeJS.ErrnoException).code ?? 'error'}`,
      path: deps.settings.configDir,
    };
  }
}

function tasks(deps: Pick<Platform, 'tasks' | 'scheduler'>): Check {
  const list = deps.tasks.statuses();
  const failed = list.filter((t) => t.state === 'failed').map((t) => t.name);
  return {
    status: failed.length ? 'failed' : list.some((t) => t.state === 'restarting') ? 'degraded' : 'ok',
    detail: failed.length ? `failed: ${failed.join(', ')}` : `${list.length} running`,
    tasks: list,
    // Each schedule only enqueues: when it last did, and which operation (its outcome is in the history).
    schedules: deps.scheduler.statuses(),
  };
}

function display(deps: Pick<Platform, 'clock' | 'db' | 'settings'> & Pick<HealthServices, 'supervisesDisplay'>): Check {
  const beat = readHeartbeat(deps.db.sqlite, 'display');
  const age = beat ? deps.clock.now() - beat.beatAt : null;
  const alive = age !== null && age <= deps.settings.display.heartbeatStaleMs;
  // The panel failed to start and the emulator stands in: alive, but not showing on the panel.
  const fallback = typeof beat?.info.fallback === 'string' ? beat.info.fallback : null;
  return {
    status: alive ? (fallback ? 'degraded' : 'ok') : 'failed',
    detail: alive
      ? fallback
        ? `alive on the emulator: ${fallback}`
        : 'alive'
      : beat
        ? `no heartbeat for ${Math.round(age! / 1000)} s`
        : 'has not started',
    supervised: deps.supervisesDisplay,
    pid: beat?.pid ?? null,
    heartbeat_age_ms: age,
    info: beat?.info ?? null,
  };
}

/** The config files: parse problems (file, line, column) and values Marquee does not accept. */
const config = (deps: Pick<HealthServices, 'config'>): Check => deps.config.health();

export interface HealthReport {
  status: Overall;
  checks: Record<string, Check>;
  checked_at: string;
}

/** Real checks, each with its detail. The database failing makes Marquee unhealthy; anything else degrades it. */
export function checkHealth(deps: HealthBase & HealthServices): HealthReport {
  const checks = {
    database: database(deps),
    config_dir: configDir(deps),
    config: config(deps),
    tasks: tasks(deps),
    display: display(deps),
  };
  const status: Overall =
    checks.database.status === 'failed'
      ? 'unhealthy'
      : Object.values(checks).some((c) => c.status !== 'ok')
        ? 'degraded'
        : 'healthy';
  return { status, checks, checked_at: new Date(deps.clock.now()).toISOString() };
}

/**
 * Health as served: the checks run at most once per `maxAgeMs`, so a monitor (or a flood of
 * requests) polling health costs the database and disk nothing extra.
 */
export function createHealth(base: HealthBase, services: HealthServices, maxAgeMs = 1_000) {
  const sources = { ...base, ...services };
  let last: { at: number; report: HealthReport } | null = null;
  return {
    report(): HealthReport {
      const now = base.clock.now();
      if (!last || now - last.at >= maxAgeMs || now < last.at) last = { at: now, report: checkHealth(sources) };
      return last.report;
    },
  };
}

export type Health = ReturnType<typeof createHealth>;
