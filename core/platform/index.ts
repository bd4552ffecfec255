/**
 * The base every room of Marquee stands on: what a process has before any domain service exists,
 * and which uses nothing of the domain. Service factories take it plus the services they name,
 * `createReconciler(base, { queue, config, registry })`; functions take the slice they read, `Pick<Platform, 'db' | 'clock'>`.
 */
import fs from 'node:fs';
import type { Settings } from '../../hono.config.ts';
import { openDb, type Db } from '../../db/client.ts';
import { systemClock, type Clock } from './clock.ts';
import { createEvents, type Events } from './events.ts';
import { createLifecycle, type Lifecycle } from './lifecycle.ts';
import { createLogger, type Logger } from './log.ts';
import { createLogRing, type LogRing } from './log-ring.ts';
import { createHttpClient, type HttpClient } from './net/http-client.ts';
import { createScheduler, type Scheduler } from './scheduler.ts';
import { createTaskRegistry, type TaskRegistry } from './tasks/registry.ts';
import { readVersion } from './version.ts';

export interface Platform {
  settings: Settings;
  clock: Clock;
  log: Logger;
  /** The recent log lines of this process and of the display it talks to (`GET /api/v3/logs`). */
  logs: LogRing;
  /** The SQLite database (WAL) shared with the display process. */
  db: Db;
  /** The event stream (`GET /api/v3/events`): `events.publish(type, data)`. */
  events: Events;
  /** The only way out to the network. */
  http: HttpClient;
  /** Shutdown state: draining, requests in flight, the abort signal of the second phase. */
  lifecycle: Lifecycle;
  /** Background loops, restarted with backoff and shown in health. */
  tasks: TaskRegistry;
  /** Cron expressions; each firing enqueues an operation. */
  scheduler: Scheduler;
  /** Marquee's own version (package.json). */
  version: string;
}

export interface PlatformOptions {
  clock?: Clock;
  /** A logger made by `createWebLog` (with its ring), or one of the caller's own (tests). */
  log?: Logger;
  logs?: LogRing;
  version?: string;
}

/** Outbound HTTP settings: the same for every process and test. */
export function outboundOptions(settings: Settings, version: string) {
  return {
    connectTimeoutMs: settings.timeouts.outboundConnectMs,
    totalTimeoutMs: settings.timeouts.outboundTotalMs,
    keepAliveMs: settings.timeouts.keepAliveMs,
    userAgent: `Marquee/${version}`,
  };
}

/** The web process's logger: JSON lines on stdout, each also kept in the recent-lines ring. */
export function createWebLog(settings: Pick<Settings, 'logLevel'>, clock: Clock): { log: Logger; logs: LogRing } {
  const logs = createLogRing();
  const log = createLogger({ level: settings.logLevel, clock, base: { proc: 'web' }, tap: logs.add });
  return { log, logs };
}

/** Opens the database and builds the process's primitives; nothing starts running. */
export function createPlatform(settings: Settings, opts: PlatformOptions = {}): Platform {
  const clock = opts.clock ?? systemClock;
  const own = opts.log ? null : createWebLog(settings, clock);
  const log = opts.log ?? own!.log;
  const logs = opts.logs ?? own?.logs ?? createLogRing();
  const version = opts.version ?? readVersion();
  fs.mkdirSync(settings.configDir, { recursive: true });
  return {
    settings,
    clock,
    log,
    logs,
    db: openDb(settings.dataDir),
    events: createEvents({ clock, log, size: settings.queue.eventBuffer }),
    http: createHttpClient(outboundOptions(settings, version)),
    lifecycle: createLifecycle(),
    tasks: createTaskRegistry(),
    scheduler: createScheduler(log, clock),
    version,
  };
}

/** Closes what `createPlatform` opened, after every service built on it has stopped. */
export async function closePlatform(base: Platform): Promise<void> {
  base.events.close();
  base.scheduler.stop();
  await base.tasks.stopAll();
  await base.http.close();
  base.db.close();
}
