import { serve } from '@hono/node-server';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { BUNDLED, PROJECT_ROOT, type Settings } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import type { Deps } from '../deps.ts';
import { configureExecutor } from '../config/executor.ts';
import { createConfigService } from '../config/service.ts';
import { watchConfigFiles } from '../config/files/watch.ts';
import { createHealth } from '../health/checks.ts';
import { createEvents } from '../platform/events.ts';
import { createDisplayLink } from '../display/web/link.ts';
import { currentScreen } from '../display/web/screen.ts';
import { createApp } from '../http/app.ts';
import { createQueue, type Executor } from '../queue/index.ts';
import { loadRouteTable } from '../http/file-routes.ts';
import { createHttpClient } from '../platform/net/http-client.ts';
import { configServicePort } from '../plugins/config-service-port.ts';
import { followEnabledFlags } from '../plugins/state/enabled-sync.ts';
import { followOperationErrors } from '../plugins/state/operation-errors.ts';
import { createInstalledListCache } from '../plugins/state/installed-cache.ts';
import { seedFirstStart } from '../plugins/first-start.ts';
import { registerLifecycleExecutors, type LifecycleHooks } from '../plugins/ops/index.ts';
import { registryFacts } from '../plugins/state/registry-facts.ts';
import { preparePlugins } from '../plugins/startup.ts';
import { createReconciler } from '../reconcile/service.ts';
import { registerSchedules } from './schedules.ts';
import { firstFetches } from '../registry/refresh-queue.ts';
import { STORE_REFRESH_KIND, storeRefreshExecutor } from '../registry/refresh-executor.ts';
import { githubEnrichExecutor, storeRevalidateExecutor } from '../registry/scheduled.ts';
import { createRegistry } from '../registry/service.ts';
import { childProcessLoop } from './child-process.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import { createGuardedTask, type GuardedTaskOptions } from '../platform/tasks/guarded.ts';
import { heartbeatLoop } from '../platform/heartbeat.ts';
import { walCheckpointer } from '../platform/wal-checkpoint.ts';
import { createLifecycle } from '../platform/lifecycle.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { createScheduler } from '../platform/scheduler.ts';
import { runShutdown } from './shutdown.ts';
import { createTaskRegistry } from '../platform/tasks/registry.ts';
import { readVersion } from '../platform/version.ts';

/** Event published on every screen change: the `GET /api/v3/display/current-status` data. */
export const DISPLAY_CHANGED = 'display.changed';
export const ROUTES_DIR = path.join(PROJECT_ROOT, 'routes');
export const DISPLAY_ENTRY = BUNDLED
  ? path.join(PROJECT_ROOT, 'dist', 'display.mjs')
  : path.join(PROJECT_ROOT, 'display.ts');

export interface WebOptions {
  settings: Settings;
  clock?: Clock;
  /** The process's logger, when the caller needs it before start-up completes (signal handlers). */
  log?: Logger;
  /** Fork and supervise the display process (default true). */
  superviseDisplay?: boolean;
  /** Extra route folders (tests add fixture routes this way). */
  extraRouteDirs?: string[];
  /** Extra background tasks (tests add failing ones this way). */
  extraTasks?: Array<Omit<GuardedTaskOptions, 'clock' | 'log'>>;
  /** Extra operation executors (tests and benchmarks add no-op and marker-file kinds this way). */
  extraExecutors?: Executor[];
  /** Hooks into the plugin lifecycle executors (crash tests stop the process at a named step). */
  lifecycleHooks?: LifecycleHooks;
}

export interface WebProcess {
  deps: Deps;
  url: string;
  shutdown(reason: string): Promise<void>;
}

/**
 * Stops listening and resolves once every connection has ended. A request counted as finished has
 * not necessarily been written to its socket yet, so connections are not cut at once: idle ones
 * close now, busy ones after their response (drain sends `Connection: close`), and any still open
 * after `forceAfterMs` (a slow or stalled client) are destroyed.
 */
function closeServer(server: import('node:http').Server, forceAfterMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), forceAfterMs);
    server.close(() => {
      clearTimeout(force);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** Outbound HTTP settings shared by the web process and tests. */
export function outboundOptions(settings: Settings, version: string) {
  return {
    connectTimeoutMs: settings.timeouts.outboundConnectMs,
    totalTimeoutMs: settings.timeouts.outboundTotalMs,
    keepAliveMs: settings.timeouts.keepAliveMs,
    userAgent: `Marquee/${version}`,
  };
}

/** Composes and starts the web process: database, tasks, schedules, display child, HTTP server. */
export async function startWebProcess(opts: WebOptions): Promise<WebProcess> {
  const { settings } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger({ level: settings.logLevel, clock, base: { proc: 'web' } });
  fs.mkdirSync(settings.configDir, { recursive: true });
  const db = openDb(settings.dataDir);
  const tasks = createTaskRegistry();
  const version = readVersion();
  const lifecycle = createLifecycle();
  const store = createRegistry({ db, settings, clock, log });
  const base = {
    settings,
    clock,
    log,
    db,
    tasks,
    scheduler: createScheduler(log, clock),
    lifecycle,
    version,
    supervisesDisplay: opts.superviseDisplay ?? true,
    events: createEvents({ clock, log, size: settings.queue.eventBuffer }),
    // Opened before the server listens: an interrupted save is finished and missing files created first.
    config: createConfigService({ settings, clock, log }),
    http: createHttpClient(outboundOptions(settings, version)),
    registry: store,
    pluginList: createInstalledListCache(
      db,
      registryFacts(() => store.catalog()),
    ),
    display: createDisplayLink(log),
  };
  // Health and the queue keep a reference to deps and read it only once running, when it is complete.
  const deps = { ...base } as Deps;
  deps.health = createHealth(deps);
  deps.queue = createQueue(deps);
  for (const e of [storeRefreshExecutor, storeRevalidateExecutor, githubEnrichExecutor]) deps.queue.register(e(deps));
  deps.queue.register(configureExecutor(deps.config));
  registerLifecycleExecutors(deps.queue, deps, opts.lifecycleHooks);
  for (const e of opts.extraExecutors ?? []) deps.queue.register(e);
  deps.reconciler = createReconciler(deps, deps);
  // Screen changes reach the browser on the event stream, so the Overview follows them without polling.
  deps.display.watchStatus(() => deps.events.publish(DISPLAY_CHANGED, currentScreen(deps)));
  // Read before listening, so the first browse after a restart is answered from the cache.
  deps.registry.load();
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
      // The display asks for a new process when panel settings it cannot apply live changed.
      onStart: (proc) => deps.display.attach(proc, (reason) => child.restart(reason)),
    });
    guarded({ name: 'display', run: child.run });
  }
  guarded({ name: 'queue', run: (signal) => deps.queue.run(signal) });
  guarded({ name: 'config-watch', run: watchConfigFiles({ config: deps.config, log }) });
  guarded({
    name: 'wal-checkpoint',
    run: walCheckpointer({ sqlite: db.sqlite, idle: () => deps.lifecycle.inflight === 0 }).run,
  });
  for (const t of opts.extraTasks ?? []) guarded(t);
  registerSchedules(deps);
  // A never-fetched registry source's refresh runs now, overlapping the rest of start-up (a first
  // browse joins it; nothing else runs before plugins are prepared); expired ones are refreshed once
  // the queue starts.
  void firstFetches(deps);
  deps.queue
    .runOnce({ kinds: [STORE_REFRESH_KIND] })
    .catch((e: Error) => log.error('start-up registry refresh failed', { error: e.message, stack: e.stack }));
  deps.scheduler.fire('registryRefresh');

  // First-party plugins get their config sections before discovery reads the enabled flags.
  await seedFirstStart(deps).catch((e: Error) =>
    log.error('first-party plugins could not be added to config', { error: e.message, stack: e.stack }),
  );
  // Plugins on disk are known (and interrupted operations settled) before the first request.
  await preparePlugins(deps, { config: configServicePort(deps.config) });
  // From here on, a change of `enabled` in config.json reaches plugin_state (and the panel) at once.
  followEnabledFlags(deps);
  followOperationErrors(deps);

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
  deps.scheduler.fire('githubEnrich');
  deps.reconciler.start();

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
          // Phase 1 lets running operations finish; phase 2's abort leaves them pending, resumed after restart.
          drainWork: [(ms) => deps.queue.drain(ms)],
          close: [
            // Event streams end first, so closing the server does not wait on them.
            () => deps.events.close(),
            () => closeServer(httpServer, settings.shutdown.abortMs),
            () => deps.reconciler.close(),
            () => deps.scheduler.stop(),
            () => tasks.stopAll(),
            () => deps.http.close(),
            () => db.close(),
          ],
        },
        reason,
      ),
  };
}
