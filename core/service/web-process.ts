import { serve } from '@hono/node-server';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BUNDLED, PROJECT_ROOT, type Settings } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import { createHealth } from '../health/checks.ts';
import { createDisplayLink } from '../display/web/link.ts';
import { createApp } from '../http/app.ts';
import { loadRouteTable } from '../http/file-routes.ts';
import { registerSchedules } from '../schedules/index.ts';
import { childProcessLoop } from './child-process.ts';
import { systemClock, type Clock } from './clock.ts';
import { createGuardedTask, type GuardedTaskOptions } from './guarded-task.ts';
import { heartbeatLoop } from './heartbeat.ts';
import { createLifecycle } from './lifecycle.ts';
import { createLogger } from './logger.ts';
import { createScheduler } from './scheduler.ts';
import { runShutdown } from './shutdown.ts';
import { createTaskRegistry } from './tasks.ts';
import { readVersion } from './version.ts';

export const ROUTES_DIR = path.join(PROJECT_ROOT, 'routes');
export const DISPLAY_ENTRY = BUNDLED
  ? path.join(PROJECT_ROOT, 'dist', 'display.mjs')
  : path.join(PROJECT_ROOT, 'display.ts');

export interface WebOptions {
  settings: Settings;
  clock?: Clock;
  /** Fork and supervise the display process (default true). */
  superviseDisplay?: boolean;
  /** Extra route folders (tests add fixture routes this way). */
  extraRouteDirs?: string[];
  /** Extra background tasks (tests add failing ones this way). */
  extraTasks?: Array<Omit<GuardedTaskOptions, 'clock' | 'log'>>;
}

export interface WebProcess {
  deps: Deps;
  url: string;
  shutdown(reason: string): Promise<void>;
}

/** Composes and starts the web process: database, tasks, schedules, display child, HTTP server. */
export async function startWebProcess(opts: WebOptions): Promise<WebProcess> {
  const { settings } = opts;
  const clock = opts.clock ?? systemClock;
  const log = createLogger({ level: settings.logLevel, clock, base: { proc: 'web' } });
  fs.mkdirSync(settings.configDir, { recursive: true });
  const db = openDb(settings.dataDir);
  const tasks = createTaskRegistry();
  const base = {
    settings,
    clock,
    log,
    db,
    tasks,
    scheduler: createScheduler(log),
    lifecycle: createLifecycle(),
    version: readVersion(),
    supervisesDisplay: opts.superviseDisplay ?? true,
    display: createDisplayLink(log),
  };
  const deps: Deps = { ...base, health: createHealth(base) };
  const guarded = (o: Omit<GuardedTaskOptions, 'clock' | 'log'>) => tasks.add(createGuardedTask({ ...o, clock, log }));
  guarded({
    name: 'heartbeat',
    run: heartbeatLoop({ sqlite: db.sqlite, clock, name: 'web', intervalMs: settings.display.heartbeatMs }),
  });
  if (deps.supervisesDisplay) {
    const child = childProcessLoop({
      name: 'display',
      module: DISPLAY_ENTRY,
      log,
      killAfterMs: settings.shutdown.abortMs,
      onStart: (proc) => deps.display.attach(proc),
    });
    guarded({ name: 'display', run: child.run });
  }
  for (const t of opts.extraTasks ?? []) guarded(t);
  registerSchedules(deps);

  const table = await loadRouteTable([ROUTES_DIR, ...(opts.extraRouteDirs ?? [])]);
  const app = createApp(deps, table);
  const server = serve({
    fetch: app.fetch,
    hostname: settings.host,
    port: settings.port,
    serverOptions: { headersTimeout: settings.timeouts.headersMs, requestTimeout: settings.timeouts.requestMs },
  });
  (server as import('node:http').Server).keepAliveTimeout = settings.timeouts.keepAliveMs;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  log.info('listening', { url, version: deps.version });
  // Background work starts after the server listens, so a slow task never delays the first answer.
  tasks.startAll();

  const httpServer = server as import('node:http').Server;
  return {
    deps,
    url,
    shutdown: (reason) =>
      runShutdown(
        {
          lifecycle: deps.lifecycle,
          log,
          graceMs: settings.shutdown.graceMs,
          abortMs: settings.shutdown.abortMs,
          close: [
            () =>
              new Promise<void>((r) => {
                httpServer.close(() => r());
                httpServer.closeAllConnections();
              }),
            () => deps.scheduler.stop(),
            () => tasks.stopAll(),
            () => db.close(),
          ],
        },
        reason,
      ),
  };
}
