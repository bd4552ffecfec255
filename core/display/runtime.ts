import type Database from 'better-sqlite3';
import path from 'node:path';
import type { Settings } from '../../hono.config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { Backend } from '../render/backends/types.ts';
import type { HostPlatform } from '../hosts/platform.ts';
import type { Json, Outcome } from '../hosts/messages.ts';
import { cpuMsOf } from '../hosts/proc-stats.ts';
import { createSupervisor } from '../hosts/supervisor.ts';
import { computeControl, wantedPlugins } from './control.ts';
import { createDesiredState, displayDurationMs, hostFacts, type DesiredState } from './desired-state.ts';
import { breakerFromRow, readHealthRow, supervisionFromRow, writeHealth } from './health-store.ts';
import { hostsReport } from './hosts-report.ts';
import { idleFrame } from './idle-screen.ts';
import { createCacheStore } from './kv-cache.ts';
import { createRenderLoop, type Control, type LoopOptions, type ScreenStatus } from './loop.ts';
import { createNoticeBoard } from './notice-overlay.ts';
import { createPluginRunner, type PluginRunner } from './plugin-runner.ts';
import { DYNAMIC_GRACE_MS } from './plugin-reply.ts';
import { createRowFrames, rowPluginOf, type RowState } from './row-frames.ts';
import { markHandled, onDemandActive, readPendingCommands } from './requests.ts';

export interface RuntimeOptions {
  settings: Settings;
  clock: Clock;
  log: Logger;
  sqlite: Database.Database;
  backend: Backend;
  hosts: HostPlatform;
  onFrame?: LoopOptions['onFrame'];
  onStatus?: LoopOptions['onStatus'];
  onRound?: LoopOptions['onRound'];
  /** A frame of a plugin off screen, for its row on the Plugins page (only while someone watches). */
  onRowFrame?: (pluginId: string, rgb: Uint8Array, at: number) => void;
  onRowStates?: (states: Record<string, RowState>) => void;
  roundWithinMs?: LoopOptions['roundWithinMs'];
}

/** How often hosts' memory is checked against the ceiling (plugins' CPU: three times per budget window). */
const MEMORY_CHECK_MS = 1_000;
const LOOK_EARLY_MS = 100;

/**
 * The display runtime: desired state in, plugins placed in hosts and supervised, frames out.
 * `tick()` runs a few times a second (cheap polls) at the render loop's rounds (control-tick.ts);
 * the render loop wakes only when a frame or the next look is due.
 */
export function createDisplayRuntime(o: RuntimeOptions) {
  const { settings, clock, sqlite, backend } = o;
  const log = o.log;
  const web = { host: settings.host, port: settings.port };
  const desiredReader = createDesiredState({ configDir: settings.configDir, sqlite, web });
  const cache = createCacheStore(sqlite, clock.now);
  const notices = createNoticeBoard(sqlite, clock.now);
  notices.reload();
  const runners = new Map<string, PluginRunner>();
  let desired: DesiredState = desiredReader.poll()!;
  let control: Control = computeControl(desired, runners, clock.now());
  let dbWrites = 0;
  let lastMemoryCheck = -Infinity;
  let lastCpuCheck = performance.now();
  /** A brightness being tried out (not saved), in force until `until`. */
  let trial: { value: number; until: number } | null = null;
  const metricsWrittenAt = new Map<string, number>();
  const lastMetricsWrite = (id: string) => metricsWrittenAt.get(id) ?? 0;

  const supervisor = createSupervisor({
    runtimes: o.hosts.runtimes,
    confinement: o.hosts.confinement,
    spawn: o.hosts.spawn,
    panel: { width: backend.width, height: backend.height },
    dataRoot: path.join(settings.dataDir, 'plugins'),
    memoryMb: settings.plugins.memoryMb,
    loadDeadlineMs: settings.plugins.loadDeadlineMs,
    cacheLimits: { cacheValueBytes: 256 * 1024, cacheEntries: 500 },
    shareFirstParty: settings.plugins.sharedHost,
    firstPartyDirs: () =>
      [...desired.plugins.values()]
        .filter((p) => p.firstParty && p.entry)
        .map((p) => ({ id: p.id, dir: p.dir, entry: p.entry! })),
    facts: () => desired.plugins.values().next().value?.host ?? hostFacts({}, web),
    log,
  });
  if (o.hosts.confinement.problem) log.error('plugins cannot run here', { reason: o.hosts.confinement.problem });

  const loop = createRenderLoop({
    clock,
    log,
    backend,
    runners: () => runners,
    control: () => control,
    durationMs: (slot) => {
      const p = desired.plugins.get(slot.pluginId);
      const r = runners.get(slot.pluginId);
      return r?.dynamic()?.maxMs ?? r?.durationMs() ?? (p ? displayDurationMs(p) : 15_000);
    },
    endsEarly: (d, now) => {
      const r = runners.get(d.pluginId);
      const dyn = r?.dynamic();
      return !!dyn && now - d.since >= dyn.minMs + DYNAMIC_GRACE_MS && r!.cycleComplete();
    },
    idleFrame: idleFrame(backend.width, backend.height),
    overlay: (rgb) => notices.overlay(rgb, backend.width, backend.height),
    // A notice is redrawn 20 times a second while it is up (it may scroll), over whatever is on screen.
    overlayMs: () => (notices.current().length ? 50 : null),
    onFrame: o.onFrame,
    onStatus: (s) => (enteredDynamic(s), o.onStatus?.(s)),
    onRound: o.onRound,
    roundWithinMs: o.roundWithinMs,
    idleMs: 1_000,
  });

  const rows = createRowFrames({
    plugins: () => [...runners.values()].map(rowPluginOf),
    onScreen: () => loop.status().plugin_id,
    send: (id, rgb, at) => o.onRowFrame?.(id, rgb, at),
    sendStates: (states) => o.onRowStates?.(states),
    wallNow: clock.now,
  });

  /** LEDMatrix resets a plugin's cycle when entering a different mode with a dynamic duration. */
  let shownKey: string | null = null;
  function enteredDynamic(s: ScreenStatus) {
    const key = s.state === 'showing' ? `${s.plugin_id}\u0000${s.mode}` : null;
    if (key === shownKey) return;
    shownKey = key;
    const r = s.plugin_id ? runners.get(s.plugin_id) : undefined;
    if (key && r?.dynamic()) r.resetCycle();
  }

  function persistBreaker(id: string) {
    const r = runners.get(id);
    if (!r) return;
    writeHealth(sqlite, id, r.breaker(), r.metrics(), clock.now(), r.supervision());
    r.metricsWritten();
    metricsWrittenAt.set(id, clock.now());
    dbWrites += 1;
  }

  function newRunner(id: string): PluginRunner {
    const row = readHealthRow(sqlite, id);
    return createPluginRunner(desired.plugins.get(id)!, breakerFromRow(row), supervisionFromRow(row), {
      attach: supervisor.attach,
      renderDeadlineMs: settings.plugins.renderDeadlineMs,
      updateDeadlineMs: settings.plugins.updateDeadlineMs,
      updateGraceMs: Math.min(2_000, Math.max(100, settings.plugins.updateDeadlineMs / 2)),
      cooldownMs: settings.plugins.breakerCooldownMs,
      defaultFps: settings.display.defaultFps,
      cpu: { budgetPct: settings.plugins.cpuBudgetPct, windowMs: settings.plugins.cpuWindowMs },
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

  /** Memory ceilings every second; CPU budgets a few times per window (a plugin alone in its host is also charged its host's CPU). */
  function checkLimits() {
    const t = performance.now();
    // Looks come about every half second, some a little early: one that early still checks, rather
    // than leaving the check for the next look half a second on.
    if (t - lastMemoryCheck >= MEMORY_CHECK_MS - LOOK_EARLY_MS) (supervisor.checkMemory(), (lastMemoryCheck = t));
    if (t - lastCpuCheck < settings.plugins.cpuWindowMs / 3) return;
    lastCpuCheck = t;
    for (const r of runners.values()) {
      const host = r.host();
      r.checkCpu(host && !host.shared && host.pid ? cpuMsOf(host.pid) : null);
    }
  }

  applyDesired(clock.now());
  let odActive = onDemandActive(desired.onDemand, clock.now());

  return {
    loop,
    runners,
    cache,
    supervisor,
    rows,
    desired: () => desired,
    /** Polls desired state, handles requests, drives plugin lifecycles; wakes the loop on a change. */
    tick() {
      const now = clock.now();
      const before = desiredReader.dbVersion();
      const next = desiredReader.poll();
      // An on-demand session that expired changes which plugins need a host, with no write anywhere.
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
      checkLimits();
      rows.tick();
      const prev = control;
      control = computeControl(desired, runners, now);
      if (trial && now < trial.until) control = { ...control, brightness: trial.value };
      if (JSON.stringify(prev) !== JSON.stringify(control)) loop.wake();
    },
    /** Hosts and plugins as health shows them: pids, memory, CPU, supervision (read from /proc now). */
    report: () => hostsReport(supervisor, runners),
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
          writeHealth(sqlite, r.id, r.breaker(), r.metrics(), now, r.supervision());
          r.metricsWritten();
          metricsWrittenAt.set(r.id, now);
        }
        return 1 + due.length + cache.flush();
      })();
      dbWrites += 1;
      return rows;
    },
    dbWrites: () => dbWrites,
    /**
     * One of a plugin's actions (web_ui_actions), run in its host with the update deadline: a host
     * that does not answer by then is killed and the plugin blamed, as for any call.
     */
    action: (pluginId: string, action: string, params: Json): Promise<Outcome> =>
      runners.get(pluginId)?.action(action, params, settings.plugins.updateDeadlineMs) ??
      Promise.resolve({ ok: false, error: `${pluginId} is not running`, cpuMs: 0, code: 'NOT_RUNNING' }),
    /** Shows `value` (0 to 100) until `until` without saving it; the saved brightness returns after. */
    tryBrightness(value: number, until: number) {
      trial = { value: Math.min(100, Math.max(0, Math.round(value))), until };
    },
    async stop() {
      for (const r of runners.values()) r.stop();
      runners.clear();
      await supervisor.stop();
    },
  };
}

export type DisplayRuntime = ReturnType<typeof createDisplayRuntime>;
