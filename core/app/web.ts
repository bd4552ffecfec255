import path from 'node:path';
import { BUNDLED, PROJECT_ROOT, type Settings } from '../../hono.config.ts';
import { useRecorder } from '../auth/use-recorder.ts';
import { watchConfigFiles } from '../config/files/watch.ts';
import { createApp } from '../http/app.ts';
import { loadRouteTable } from '../http/file-routes.ts';
import { listen } from '../http/server.ts';
import type { Services } from '../http/services.ts';
import { heartbeatLoop, readHeartbeat } from '../platform/heartbeat.ts';
import { createPlatform } from '../platform/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { LogRing } from '../platform/log-ring.ts';
import { createGuardedTask, type GuardedTaskOptions } from '../platform/tasks/guarded.ts';
import { walCheckpointer } from '../platform/wal-checkpoint.ts';
import { configServicePort } from '../plugins/config-service-port.ts';
import { seedFirstStart } from '../plugins/first-start.ts';
import type { LifecycleHooks } from '../plugins/ops/index.ts';
import { followOperationErrors } from '../plugins/state/operation-errors.ts';
import { preparePlugins } from '../plugins/startup.ts';
import type { Executor } from '../queue/index.ts';
import { firstFetches } from '../registry/refresh-queue.ts';
import { STORE_REFRESH_KIND } from '../registry/refresh-executor.ts';
import { createServiceNotifier } from '../platform/systemd.ts';
import type { MessageChannel } from '../platform/message-socket.ts';
import { recordStart, type RunRecord } from '../safe-mode/start.ts';
import { noteExit } from '../safe-mode/runs.ts';
import { createHostPeerGuard } from '../hosts/peer-guard.ts';
import { childProcessLoop, type ChildHandle } from './child-process.ts';
import { serveDisplaySocket } from './display-socket.ts';
import { closeSteps, composeWebServices, queueRunner } from './compose.ts';
import { registerSchedules } from './schedules.ts';
import { runShutdown } from './shutdown.ts';

export const ROUTES_DIR = path.join(PROJECT_ROOT, 'routes');
export const DISPLAY_ENTRY = BUNDLED
  ? path.join(PROJECT_ROOT, 'dist', 'display.mjs')
  : path.join(PROJECT_ROOT, 'display.ts');

export interface WebOptions {
  settings: Settings;
  clock?: Clock;
  /** The process's logger, when the caller needs it before start-up completes (signal handlers). */
  log?: Logger;
  /** The ring `log` writes into (`createWebLog` makes both). */
  logs?: LogRing;
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
  /** Named points of a backup restore's swap (crash tests stop the process at one). */
  restoreSteps?: (step: string) => void;
  /** Receives this start's run record as soon as it is written (the entry point records crashes with it). */
  onRun?: (run: RunRecord) => void;
}

export interface WebProcess {
  /** The composed services (core/app/compose.ts). */
  deps: Services;
  url: string;
  shutdown(reason: string): Promise<void>;
}

/** The display process: the child this process supervises, else the one whose heartbeat is fresh. */
function displayPidOf(s: Services, child: ChildHandle | null): number | null {
  if (child) return child.status().pid;
  const beat = readHeartbeat(s.db.sqlite, 'display');
  return beat && s.clock.now() - beat.beatAt < s.settings.display.heartbeatStaleMs ? beat.pid : null;
}

/** Connections from plugin hosts are closed before a request is read (core/hosts/peer-guard.ts). */
function refuseHostConnections(log: Logger, displayPid: () => number | null) {
  const guard = createHostPeerGuard({ displayPid });
  return (socket: import('node:net').Socket) => {
    const pid = guard.fromHost(socket);
    if (pid === null) return;
    log.warn('refused a connection from a plugin host', { host_pid: pid });
    socket.destroy();
  };
}

/**
 * The process's loops: heartbeat, the display child, the queue's runner, the record of credentials'
 * last uses, config watch, WAL checkpoints. Returns the display child when this process supervises
 * one.
 */
function addTasks(s: Services, opts: WebOptions): ChildHandle | null {
  const { settings, clock, log, db } = s;
  const guarded = (o: Omit<GuardedTaskOptions, 'clock' | 'log'>) =>
    s.tasks.add(createGuardedTask({ ...o, clock, log }));
  const checkpoints = walCheckpointer({
    sqlite: db.sqlite,
    idle: () => s.lifecycle.inflight === 0,
    onQuiet: (listener) => s.lifecycle.onQuiet(listener),
  });
  guarded({
    name: 'heartbeat',
    run: heartbeatLoop({
      sqlite: db.sqlite,
      clock,
      name: 'web',
      intervalMs: settings.display.heartbeatMs,
      after: checkpoints.look,
    }),
  });
  let displayChild: ChildHandle | null = null;
  if (s.supervisesDisplay) {
    const child = childProcessLoop({
      name: 'display',
      module: DISPLAY_ENTRY,
      log,
      killAfterMs: settings.shutdown.abortMs,
      onStart: (proc) => {
        // The display asks for a new process when panel settings it cannot apply live changed.
        s.display.attach(proc, (reason) => child.restart(reason));
        // A display that stopped in order closed its run already; otherwise its next start reports this exit.
        proc.once('exit', (code, signal) => {
          if (db.sqlite.open)
            noteExit(db.sqlite, 'display', `exited with ${signal ? `signal ${signal}` : `code ${code}`}`);
        });
      },
    });
    guarded({ name: 'display', run: child.run });
    displayChild = child;
  }
  if (settings.display.link === 'socket') {
    const onConnect = (channel: MessageChannel) =>
      // The link reads only what a forked child and this channel share: send, connected, message, exit.
      s.display.attach(channel as unknown as import('node:child_process').ChildProcess);
    guarded({
      name: 'display-link',
      run: serveDisplaySocket({ socketPath: settings.display.socketPath, log, onConnect }),
    });
  }
  guarded(queueRunner(s.queue));
  guarded(useRecorder(s.auth));
  guarded({ name: 'config-watch', run: watchConfigFiles({ config: s.config, log }) });
  guarded({ name: 'wal-checkpoint', run: checkpoints.run });
  for (const t of opts.extraTasks ?? []) guarded(t);
  return displayChild;
}

/** Before the first request: every plugin on disk known, interrupted operations settled, config's flags followed. */
async function settlePlugins(s: Services): Promise<void> {
  // First-party plugins get their config sections before discovery reads the enabled flags.
  await seedFirstStart(s).catch((e: Error) =>
    s.log.error('first-party plugins could not be added to config', { error: e.message, stack: e.stack }),
  );
  await preparePlugins(s, { config: configServicePort(s.config) });
  // From here on, a change of `enabled` in config.json reaches plugin_state (and the panel) at once.
  s.enabledFlags.follow();
  followOperationErrors(s);
}

/** Composes and starts the web process: database, tasks, schedules, display child, HTTP server. */
export async function startWebProcess(opts: WebOptions): Promise<WebProcess> {
  const { settings } = opts;
  const base = createPlatform(settings, { clock: opts.clock, log: opts.log, logs: opts.logs });
  const services = composeWebServices(base, {
    // With `display.link: socket` the display is a service of its own, supervised by systemd.
    supervisesDisplay: (opts.superviseDisplay ?? true) && settings.display.link === 'fork',
    lifecycleHooks: opts.lifecycleHooks,
    extraExecutors: opts.extraExecutors,
    restoreSteps: opts.restoreSteps,
  });
  const { log } = services;
  // Before the heartbeat's first write: the previous run's last beat tells when it was last alive.
  const run = recordStart({ sqlite: services.db.sqlite, now: services.clock.now, log }, 'web');
  opts.onRun?.(run);
  const displayChild = addTasks(services, opts);
  registerSchedules(services);
  // A never-fetched registry source's refresh runs now, overlapping the rest of start-up (a first
  // browse joins it; nothing else runs before plugins are prepared); expired ones are refreshed once
  // the queue starts.
  void firstFetches(services);
  // Whether Python plugins can run is asked now, so the first browse of the store does not wait for it.
  void services.runtimes.check('python');
  services.queue
    .runOnce({ kinds: [STORE_REFRESH_KIND] })
    .catch((e: Error) => log.error('start-up registry refresh failed', { error: e.message, stack: e.stack }));
  services.scheduler.fire('registryRefresh');
  await settlePlugins(services);

  const table = await loadRouteTable([ROUTES_DIR, ...(opts.extraRouteDirs ?? [])]);
  const server = await listen(createApp(services, table), settings, {
    onConnection: refuseHostConnections(log, () => displayPidOf(services, displayChild)),
  });
  log.info('listening', { url: server.url, version: services.version });
  // Background work starts after the server listens, so a slow task never delays the first answer.
  services.tasks.startAll();
  services.scheduler.fire('githubEnrich');
  services.reconciler.start();
  // Under systemd: ready once listening; the watchdog pings stop if the event loop freezes.
  const service = createServiceNotifier({
    socket: settings.service.notifySocket,
    watchdogUsec: settings.service.watchdogUsec,
    log,
  });
  service.startWatchdog(() => true);
  void service.ready(`listening on ${server.url}`);

  const shutdown = (reason: string) =>
    runShutdown(
      {
        lifecycle: services.lifecycle,
        log,
        graceMs: settings.shutdown.graceMs,
        abortMs: settings.shutdown.abortMs,
        // Phase 1 lets running operations finish; phase 2's abort leaves them pending, resumed after restart.
        drainWork: [(ms) => services.queue.drain(ms)],
        // Event streams end first, so closing the server does not wait on them.
        close: [
          () => services.events.close(),
          () => service.stop(),
          () => server.close(),
          () => run.stopped(),
          ...closeSteps(services),
        ],
      },
      reason,
    );
  return { deps: services, url: server.url, shutdown };
}
