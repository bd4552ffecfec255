import path from 'node:path';
import type { Settings } from '../../hono.config.ts';
import { openSqlite, type Sqlite } from '../../db/sqlite.ts';
import { selectBackend, type BackendChoice } from '../render/backends/select.ts';
import { probePi } from '../render/backends/pi-probe.ts';
import { systemClock, type Clock } from '../platform/clock.ts';
import { abortableDelay } from '../platform/delay.ts';
import { createGuardedTask } from '../platform/tasks/guarded.ts';
import { writeHeartbeat } from '../platform/heartbeat.ts';
import { createLogger, type Logger } from '../platform/log.ts';
import { createTaskRegistry, type TaskRegistry } from '../platform/tasks/registry.ts';
import { CONFIG_FILE, readJsonObject, section } from '../display/config-files.ts';
import { actionResult, createDisplayIpc } from '../display/ipc.ts';
import { createPanelSettingsWatch, panelGeometry } from '../display/panel-settings.ts';
import { createDisplayRuntime, type DisplayRuntime } from '../display/runtime.ts';
import { createControlTick } from '../display/control-tick.ts';
import { createHostPlatform } from '../hosts/platform.ts';
import { createLogForwarder } from '../logs/forward.ts';
import { recordStart, type RunRecord } from '../safe-mode/start.ts';
import { displayService, giveUpRoot, hostsUser, startHostLauncher } from './display-service.ts';

export interface DisplayProcess {
  db: Sqlite;
  /** This start's record: stopped at a clean shutdown, `dying` records a crash's error. */
  run: RunRecord;
  log: Logger;
  tasks: TaskRegistry;
  runtime: DisplayRuntime;
  backend: BackendChoice;
  shutdown(reason: string): Promise<void>;
}

/** Bounds of the control look: the latest a change is seen, and the shortest gap between two looks. */
const CONTROL_MAX_MS = 750;
const CONTROL_MIN_MS = 250;
/** Looks while the render loop is not going round (restarting after a crash). */
const CONTROL_FALLBACK_MS = 5_000;

const every = (ms: number, fn: () => void) => async (signal: AbortSignal) => {
  while (!signal.aborted) {
    fn();
    await abortableDelay(ms, signal);
  }
};

/**
 * The display process: owns the panel. It shares only the SQLite file and the config folder with
 * the web process (plus, when forked by web, the IPC channel for preview frames and status); its
 * liveness is the heartbeat row, written with its observed state in one transaction per flush.
 */
export async function startDisplayProcess(settings: Settings, clock: Clock = systemClock): Promise<DisplayProcess> {
  // The display's lines reach the web process's ring over the link (as well as stdout).
  const logs = createLogForwarder(`${process.pid}-${clock.now()}`);
  const log = createLogger({ level: settings.logLevel, clock, base: { proc: 'display' }, tap: logs.tap });
  const tasks = createTaskRegistry();
  const config = readJsonObject(path.join(settings.configDir, CONFIG_FILE)).value;
  const display = section(config, 'display');
  const hardware = section(display, 'hardware');
  const runtimeOptions = section(display, 'runtime');
  const geometry = panelGeometry(settings, hardware);
  const choice = await selectBackend({
    kind: settings.display.backend,
    geometry,
    hardware,
    runtime: runtimeOptions,
    probe: () => probePi(undefined, undefined, settings.display.boardModelFile),
  });
  if (choice.fallback) log.warn('panel backend fell back to the emulator', { reason: choice.fallback });
  // Started while this process is root: it keeps root to start hosts as the hosts' user.
  const launcher = await startHostLauncher(settings, log, (reason) => {
    log.error('plugin hosts can no longer be started', { reason });
    void self.shutdown(reason).then(() => process.exit(1));
  });
  // The panel is open; the database is opened after the switch, so its files belong to the service user.
  giveUpRoot(settings, log);
  const isRoot = process.getuid?.() === 0;
  const db = openSqlite(settings.dataDir);
  // Before the runtime reads which plugins to run: a crash loop puts it in safe mode first.
  const run = recordStart({ sqlite: db.sqlite, now: clock.now, log }, 'display');
  const { backend } = choice;
  const startedAt = clock.now();
  let ipc: ReturnType<typeof createDisplayIpc> | null = null;
  const service = displayService(settings, log, () => {
    ipc?.onStatus(runtime.loop.status());
    if (ipc) logs.connect(ipc.sendLogs);
  });
  const runtime = createDisplayRuntime({
    settings,
    clock,
    log,
    sqlite: db.sqlite,
    backend,
    hosts: await createHostPlatform({
      // Only a process that is root starts hosts as another user itself.
      hostUser: isRoot ? hostsUser(settings) : { uid: settings.plugins.hostUid, gid: settings.plugins.hostGid },
      launcher: launcher ?? undefined,
    }),
    onFrame: (rgb, brightness) => ipc?.onFrame(rgb, brightness),
    onStatus: (status) => ipc?.onStatus(status),
    onRowFrame: (id, rgb, at) => ipc?.sendRowFrame(id, rgb, at),
    onRowStates: (states) => ipc?.sendRowStates(states),
    // The control look rides on the loop's rounds (control-tick.ts).
    onRound: () => (service.liveness.beat(), control.nudge()),
    roundWithinMs: () => control.dueInMs(),
  });
  if (service.channel)
    ipc = createDisplayIpc(service.channel, {
      width: backend.width,
      height: backend.height,
      maxFps: settings.display.previewFps,
      current: () => runtime.loop.current(),
      onRows: (watch) => runtime.rows.setWatch(watch),
      onBrightness: (value, forMs) => runtime.tryBrightness(value, clock.now() + forMs),
      onAction: (pluginId, action, params) => runtime.action(pluginId, action, params).then(actionResult),
    });
  // Forked, the channel is there from the start; a socket link connects (again) later.
  if (ipc && service.forked) logs.connect(ipc.sendLogs);
  // Brightness is applied per frame; geometry and wiring only by a new process, which the
  // supervising web process starts when asked (alone, the display reports it in health).
  const panelWatch = createPanelSettingsWatch({
    settings,
    panel: backend.kind === 'rpi' || choice.fallback !== null,
    startedWith: { hardware, runtime: runtimeOptions },
    log,
    request: service.forked
      ? ipc?.requestRestart
      : service.restartsOnExit
        ? (reason) => void self.shutdown(reason).then(() => process.exit(0))
        : undefined,
  });
  const info = () => {
    const report = runtime.report();
    return {
      width: backend.width,
      height: backend.height,
      backend: backend.kind,
      requested_backend: choice.requested,
      fallback: choice.fallback,
      pi_model: choice.probe?.model ?? null,
      screen: runtime.loop.status(),
      frames: runtime.loop.stats(),
      row_frames: runtime.rows.stats(),
      plugins: report.plugins,
      hosts: report.hosts,
      config_errors: runtime.desired().errors,
      restart_required: panelWatch.restartRequired(),
      db_writes: runtime.dbWrites(),
    };
  };
  // Changes (plugins, settings, requests) are seen within CONTROL_MAX_MS.
  const control = createControlTick({
    minMs: CONTROL_MIN_MS,
    maxMs: CONTROL_MAX_MS,
    fallbackMs: CONTROL_FALLBACK_MS,
    now: () => performance.now(),
    look: () => {
      runtime.tick();
      panelWatch.check(runtime.desired());
    },
  });
  const flush = () => runtime.flush(() => writeHeartbeat(db.sqlite, clock, 'display', startedAt, info()));
  const add = (name: string, run: (s: AbortSignal) => Promise<void>) =>
    tasks.add(createGuardedTask({ name, clock, log, run }));
  add('display-loop', (s) => runtime.loop.run(s));
  add('display-control', control.run);
  add('display-observed', every(settings.display.flushMs, flush));
  if (service.linkTask) add('display-link', service.linkTask);
  tasks.startAll();
  service.notifier.startWatchdog(service.liveness.alive);
  void service.notifier.ready(`${backend.kind} ${backend.width}x${backend.height}`);
  log.info('display started', {
    width: backend.width,
    height: backend.height,
    backend: backend.kind,
    requested: choice.requested,
  });
  let closing: Promise<void> | null = null;
  const self: DisplayProcess = {
    db,
    run,
    log,
    tasks,
    runtime,
    backend: choice,
    shutdown(reason) {
      closing ??= (async () => {
        log.info('display stopping', { reason });
        service.notifier.stop();
        await tasks.stopAll();
        ipc?.close();
        await runtime.stop();
        await launcher?.close();
        flush();
        // The panel is blanked on exit rather than left frozen on the last frame.
        backend.push(new Uint8Array(backend.width * backend.height * 3), 0);
        backend.close();
        run.stopped();
        db.close();
      })();
      return closing;
    },
  };
  return self;
}
