import type Database from 'better-sqlite3';
import type { Settings } from '../../hono.config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { Backend } from '../render/backends/types.ts';
import { computeControl, wantedPlugins } from './control.ts';
import { createDesiredState, displayDurationMs, type DesiredState } from './desired-state.ts';
import { breakerFromRow, readHealthRow, writeHealth } from './health-store.ts';
import { idleFrame } from './idle-screen.ts';
import { createCacheStore } from './kv-cache.ts';
import { createRenderLoop, type Control, type LoopOptions } from './loop.ts';
import { createNoticeBoard } from './notice-overlay.ts';
import { createPluginRunner, type PluginRunner } from './plugin-runner.ts';
import { markHandled, onDemandActive, readPendingCommands } from './requests.ts';

export interface RuntimeOptions {
  settings: Settings;
  clock: Clock;
  log: Logger;
  sqlite: Database.Database;
  backend: Backend;
  workerScript: string;
  onFrame?: LoopOptions['onFrame'];
  onStatus?: LoopOptions['onStatus'];
  onRound?: LoopOptions['onRound'];
}

/**
 * The display runtime: desired state in, plugin workers managed, frames out. `control()` runs a few
 * times a second (cheap polls); the render loop runs at the frame rate of what is on screen.
 */
export function createDisplayRuntime(o: RuntimeOptions) {
  const { settings, clock, sqlite, backend } = o;
  const log = o.log;
  const desiredReader = createDesiredState({
    configDir: settings.configDir,
    sqlite,
    web: { host: settings.host, port: settings.port },
  });
  const cache = createCacheStore(sqlite, clock.now);
  const notices = createNoticeBoard(sqlite, clock.now);
  notices.reload();
  const runners = new Map<string, PluginRunner>();
  let desired: DesiredState = desiredReader.poll()!;
  let control: Control = computeControl(desired, runners, clock.now());
  let dbWrites = 0;
  /** A brightness being tried out (not saved), in force until `until`. */
  let trial: { value: number; until: number } | null = null;
  const metricsWrittenAt = new Map<string, number>();
  const lastMetricsWrite = (id: string) => metricsWrittenAt.get(id) ?? 0;

  const loop = createRenderLoop({
    clock,
    log,
    backend,
    runners: () => runners,
    control: () => control,
    durationMs: (slot) => {
      const p = desired.plugins.get(slot.pluginId);
      return p ? displayDurationMs(p) : 15_000;
    },
    idleFrame: idleFrame(backend.width, backend.height),
    overlay: (rgb) => notices.overlay(rgb, backend.width, backend.height),
    onFrame: o.onFrame,
    onStatus: o.onStatus,
    onRound: o.onRound,
    defaultFps: settings.display.defaultFps,
    idleMs: 1_000,
  });

  function persistBreaker(id: string) {
    const r = runners.get(id);
    if (!r) return;
    writeHealth(sqlite, id, r.breaker(), r.metrics(), clock.now());
    r.metricsWritten();
    metricsWrittenAt.set(id, clock.now());
    dbWrites += 1;
  }

  function newRunner(id: string): PluginRunner {
    const spec = desired.plugins.get(id)!;
    return createPluginRunner(spec, breakerFromRow(readHealthRow(sqlite, id)), {
      width: backend.width,
      height: backend.height,
      script: o.workerScript,
      limits: {
        loadMs: settings.plugins.loadDeadlineMs,
        renderMs: settings.plugins.renderDeadlineMs,
        updateGraceMs: Math.min(2_000, Math.max(100, settings.plugins.updateDeadlineMs / 2)),
        blockedMs: 250,
        maxOldGenerationSizeMb: settings.plugins.memoryMb,
        maxYoungGenerationSizeMb: Math.max(4, Math.round(settings.plugins.memoryMb / 8)),
        stackSizeMb: 4,
        cacheValueBytes: 256 * 1024,
        cacheEntries: 500,
      },
      updateDeadlineMs: settings.plugins.updateDeadlineMs,
      cooldownMs: settings.plugins.breakerCooldownMs,
      clock,
      log,
      cache,
      onBreaker: (pid) => persistBreaker(pid),
      wake: () => loop.wake(),
    });
  }

  function applyDesired(now: number) {
    const wanted = new Set(wantedPlugins(desired, now));
    for (const [id, r] of runners) if (!wanted.has(id)) (r.stop(), runners.delete(id));
    for (const id of wanted) {
      const existing = runners.get(id);
      if (existing) existing.setSpec(desired.plugins.get(id)!);
      else runners.set(id, newRunner(id));
    }
  }

  function handleCommands() {
    const commands = readPendingCommands(sqlite);
    if (!commands.length) return;
    for (const c of commands) {
      if (c.kind === 'health_reset' && c.pluginId) {
        runners.get(c.pluginId)?.reset();
        log.info('plugin health reset', { plugin: c.pluginId });
      }
    }
    markHandled(
      sqlite,
      commands.map((c) => c.id),
      clock.now(),
    );
    dbWrites += 1;
  }

  applyDesired(clock.now());
  let odActive = onDemandActive(desired.onDemand, clock.now());

  return {
    loop,
    runners,
    cache,
    desired: () => desired,
    /** Polls desired state, handles requests, drives plugin lifecycles; wakes the loop on a change. */
    tick() {
      const now = clock.now();
      const before = desiredReader.dbVersion();
      const next = desiredReader.poll();
      // An on-demand session that expired changes which plugins need a worker, with no write anywhere.
      const odNow = onDemandActive(desired.onDemand, now);
      if (next || odNow !== odActive) {
        desired = next ?? desired;
        odActive = onDemandActive(desired.onDemand, now);
        applyDesired(now);
      }
      if (desiredReader.dbVersion() !== before) {
        handleCommands();
        if (notices.reload()) loop.wake();
      }
      for (const r of runners.values()) r.tick(now);
      const prev = control;
      control = computeControl(desired, runners, now);
      if (trial && now < trial.until) control = { ...control, brightness: trial.value };
      if (JSON.stringify(prev) !== JSON.stringify(control)) loop.wake();
    },
    /**
     * One transaction with what is due: `also` (the heartbeat), plugin metrics at most once per
     * `metricsEveryMs` each, and the plugins' changed cache keys. Returns the rows written.
     */
    flush(also: () => void, metricsEveryMs = 30_000): number {
      const now = clock.now();
      const due = [...runners.values()].filter(
        (r) => r.metricsChangedAt() && now - lastMetricsWrite(r.id) >= metricsEveryMs,
      );
      const rows = sqlite.transaction(() => {
        also();
        for (const r of due) {
          writeHealth(sqlite, r.id, r.breaker(), r.metrics(), now);
          r.metricsWritten();
          metricsWrittenAt.set(r.id, now);
        }
        return 1 + due.length + cache.flush();
      })();
      dbWrites += 1;
      return rows;
    },
    dbWrites: () => dbWrites,
    /** Shows `value` (0–100) until `until` without saving it; the saved brightness returns after. */
    tryBrightness(value: number, until: number) {
      trial = { value: Math.min(100, Math.max(0, Math.round(value))), until };
    },
    stop() {
      for (const r of runners.values()) r.stop();
      runners.clear();
    },
  };
}

export type DisplayRuntime = ReturnType<typeof createDisplayRuntime>;
