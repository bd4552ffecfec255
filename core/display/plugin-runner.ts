import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { createLogBudget } from '../hosts/log-budget.ts';
import type { Json, LoadReply, Outcome } from '../hosts/messages.ts';
import type { LossNotice, PluginLink, PlacedPlugin, PluginEvents } from '../hosts/supervisor.ts';
import type { Breaker, FailureKind } from './breaker.ts';
import { createCpuWatch } from './cpu-budget.ts';
import type { FeedRequest } from './frame-feed.ts';
import type { CacheStore } from './kv-cache.ts';
import type { Supervision } from './health-store.ts';
import { createPluginFrames } from './plugin-frames.ts';
import { createPluginRecord } from './plugin-record.ts';
import { dynamicDwell, intervalMs, mayGoLive, replyDurationMs, withConfigured } from './plugin-reply.ts';
import { createUpdateSchedule } from './plugin-updates.ts';
import { displayDurationMs, type DesiredPlugin } from './desired-state.ts';
import { createTimings } from './timings.ts';

export type RunnerPhase = 'stopped' | 'starting' | 'ready' | 'backoff' | 'refused' | 'quarantined';

export interface RunnerOptions {
  attach(p: PlacedPlugin, events: PluginEvents): PluginLink;
  renderDeadlineMs: number;
  updateDeadlineMs: number;
  /** Extra time after an update's own deadline before its host is killed. */
  updateGraceMs: number;
  cooldownMs: number;
  defaultFps: number;
  cpu: { budgetPct: number; windowMs: number };
  clock: Clock;
  log: Logger;
  cache: CacheStore;
  /** The breaker or supervision facts changed (persist at once). */
  onBreaker(id: string): void;
  /** Something the loop should react to at once (live content, a plugin became ready, a late frame). */
  wake(): void;
}

export { BUSY_UPDATE_RETRY_MS, MIN_RETRY_MS } from './plugin-updates.ts';
export { retryDelayMs } from './plugin-record.ts';

/**
 * One plugin's life in the display: its place in a host, its update schedule (plugin-updates.ts),
 * its frames (plugin-frames.ts), its circuit breaker, quarantine, CPU budget and timings.
 * A thrown error is a failed call; the plugin is called again after a short backoff. A host that
 * dies takes the plugin with it: the plugin that caused it is counted (and after 3 crashes in 10
 * minutes quarantined), the others are loaded again at once in a new host.
 */
export function createPluginRunner(
  initial: DesiredPlugin,
  breaker0: Breaker,
  supervision0: Supervision,
  o: RunnerOptions,
) {
  let spec = initial;
  let link: PluginLink | null = null;
  let phase: RunnerPhase = 'stopped';
  let refusedReason: string | null = null;
  let ready: LoadReply | null = null;
  let live = false;
  /** The plugin's last word on its cycle (LEDMatrix's `is_cycle_complete()`). */
  let cycleComplete = true;
  let metricsChangedAt = 0;
  const timings = { update: createTimings(), render: createTimings() };
  const log = o.log.child({ plugin: spec.id });
  const record = createPluginRecord(
    { clock: o.clock, log, onChange: () => o.onBreaker(spec.id) },
    breaker0,
    supervision0,
  );
  const logBudget = createLogBudget(() => Date.now());
  const current = (l: PluginLink) => link === l;

  const cpu = createCpuWatch(o.cpu, {
    askedPeriod: () => feed.askedPeriod(),
    setMinPeriod: (ms) => feed.setMinPeriod(ms),
    over(reason, stillUsing) {
      fail('cpu', reason);
      // Actually using too much (not only asking to): its updates are spaced too.
      if (stillUsing) updates.postpone(intervalMs(ready, spec));
    },
    under: () => void (record.breaker().failureKind === 'cpu' && record.succeed('cpu')),
  });

  const frames = createPluginFrames({
    clock: o.clock,
    renderDeadlineMs: o.renderDeadlineMs,
    defaultFps: o.defaultFps,
    readyLink: () => (phase === 'ready' ? link : null),
    current,
    displayMs: () => replyDurationMs(ready) ?? displayDurationMs(spec),
    probeMode: () => ready?.modes?.[0] ?? spec.modes[0] ?? spec.id,
    renderP95: () => timings.render.summary().p95_ms,
    measured(cpuMs) {
      timings.render.add(cpuMs);
      cpu.call(cpuMs, true);
      metricsChangedAt ||= o.clock.now();
    },
    failed: (error) => fail('render', error),
    succeeded(reply) {
      record.succeed('render');
      cycleComplete = reply.cycle_complete !== false;
    },
    onLateArrival: () => o.wake(),
  });
  const feed = frames.feed;

  const updates = createUpdateSchedule({
    clock: o.clock,
    deadlineMs: o.updateDeadlineMs,
    graceMs: o.updateGraceMs,
    intervalMs: () => intervalMs(ready, spec),
    current,
    measured(wallMs, cpuMs) {
      timings.update.add(wallMs);
      cpu.call(cpuMs, false);
      metricsChangedAt ||= o.clock.now();
    },
    failed: (error) => fail('update', error),
    retryAt: () => record.retryAt(),
    succeeded: () => record.succeed('update'),
    updated: () => feed.dirty(),
  });

  function fail(kind: FailureKind, error: string) {
    record.fail(kind, error);
    metricsChangedAt ||= o.clock.now();
    // An open breaker stops the plugin at once: its host is not kept for a plugin that may not run.
    if (!record.allows()) stopForBreaker();
  }

  function stopForBreaker() {
    if (link) detach();
    phase = record.quarantined() ? 'quarantined' : 'stopped';
  }

  function detach() {
    link?.detach();
    link = null;
    ready = null;
    live = false;
    updates.end();
    feed.end();
  }

  function onLost(n: LossNotice) {
    detach();
    cpu.reset();
    record.lost(n);
    if (!record.allows()) return stopForBreaker();
    phase = 'backoff';
  }

  const events: PluginEvents = {
    lost: (n) => onLost(n),
    cache: (key, value, expiresAt) => o.cache.set(spec.id, key, value, expiresAt),
    live: (value) => ((live = value), o.wake()),
    log: (level, message, fields) => {
      if (logBudget.take((n) => log.warn('plugin log lines dropped', { dropped: n })))
        log[level](message, { ...fields, from: 'plugin' });
    },
  };

  function start() {
    phase = 'starting';
    refusedReason = null;
    const l = o.attach(
      { id: spec.id, dir: spec.dir, entry: spec.entry!, manifest: spec.manifest, firstParty: spec.firstParty },
      events,
    );
    link = l;
    void l.load(spec.config, spec.host, o.cache.snapshotForHost(spec.id)).then((out) => loaded(l, out));
  }

  function loaded(l: PluginLink, out: Outcome<LoadReply>) {
    if (link !== l) return;
    if (out.ok) {
      ready = out.reply;
      phase = 'ready';
      updates.restart();
      record.succeed('load');
      void frames.probe(l);
      return o.wake();
    }
    if (out.lost) return; // the host went away; `lost` has decided what happens next
    detach();
    if (out.refused) {
      phase = 'refused';
      if (refusedReason !== out.error) log.error('plugin refused', { reason: out.error });
      refusedReason = out.error;
      return;
    }
    fail('load', out.error);
    phase = 'backoff';
  }

  return {
    get id() {
      return spec.id;
    },
    get spec() {
      return spec;
    },
    /** Lifecycle and update schedule; called a few times a second. */
    tick(now: number) {
      record.tick(now, o.cooldownMs);
      if (!record.allows()) return stopForBreaker();
      if (phase === 'quarantined') phase = 'stopped';
      if (phase === 'stopped' || (phase === 'backoff' && record.mayCall(now))) return start();
      if (phase !== 'ready' || !link || !record.mayCall(now)) return;
      if (ready?.has_update) updates.tick(now, link);
      if (frames.probeDue()) void frames.probe(link);
    },
    /** The CPU budget (a few times per window); `hostCpuMs`: its own host's CPU time, when it has one. */
    checkCpu: (hostCpuMs: number | null) => cpu.check(hostCpuMs),
    /** Loaded and its breaker not open. */
    alive: (): boolean => phase === 'ready' && !!link && record.allows(),
    /** Whether the loop may switch to it now: alive and not waiting out a failure. */
    eligible(): boolean {
      return phase === 'ready' && !!link && record.allows() && record.mayCall(o.clock.now());
    },
    feed,
    /** A frame for a row of the Plugins page (row-frames.ts): a render like any other, shown nowhere on the panel. */
    renderOffScreen: (req: FeedRequest) => frames.render(req, null),
    modes: (): string[] => ready?.modes ?? spec.modes,
    /** When it wants frames at its own rate (null: the display's default). */
    fps: (): number | null => ready?.fps ?? null,
    live: () => live && mayGoLive(ready, spec.config),
    /** The dwell it asks for itself (a LEDMatrix plugin), ms; null: its settings decide. */
    durationMs: () => replyDurationMs(ready),
    /** A LEDMatrix dynamic duration's bounds, ms (null: a fixed dwell). */
    dynamic: () => dynamicDwell(ready),
    cycleComplete: () => cycleComplete,
    /** Entering one of its modes with a dynamic duration: LEDMatrix's `reset_cycle_state()` first. */
    resetCycle() {
      cycleComplete = false;
      if (link && phase === 'ready') void link.action('reset_cycle', {}, o.renderDeadlineMs);
    },
    breaker: record.breaker,
    supervision: record.supervision,
    phase: () => phase,
    refusedReason: () => refusedReason,
    host: () => link?.host() ?? null,
    cpu: () => cpu.reading(),
    metrics: () => ({ update: timings.update.summary(), render: timings.render.summary(), cpu: cpu.summary() }),
    /** When the metrics first changed since the last write (0: unchanged). */
    metricsChangedAt: () => metricsChangedAt,
    metricsWritten: () => void (metricsChangedAt = 0),
    /** New desired settings: replaced files or new host facts reload the plugin, a config change is passed on. */
    setSpec(next: DesiredPlugin) {
      const replaced = next.stamp !== spec.stamp || next.entry !== spec.entry || next.dir !== spec.dir;
      const hostChanged = JSON.stringify(next.host) !== JSON.stringify(spec.host);
      const configChanged = JSON.stringify(next.config) !== JSON.stringify(spec.config);
      spec = next;
      if (replaced || hostChanged) {
        if (link || phase === 'refused') (detach(), (phase = 'stopped'));
      } else if (configChanged && link && phase === 'ready') {
        const l = link;
        void l.configure(next.config, o.renderDeadlineMs).then((out) => {
          if (out.ok && link === l) ready = withConfigured(ready, out.reply);
          if (!out.ok && !out.lost) log.warn('onConfigChange failed', { error: out.error });
          feed.dirty();
        });
      }
    },
    /** One of its actions, run in its host; a plugin not running answers `NOT_RUNNING`. */
    action(action: string, params: Json, deadlineMs: number): Promise<Outcome> {
      if (!link || phase !== 'ready')
        return Promise.resolve({
          ok: false,
          error: `${spec.id} is not running (${phase})`,
          cpuMs: 0,
          code: 'NOT_RUNNING',
        });
      return link.action(action, params, deadlineMs);
    },
    reset() {
      record.reset();
      if (phase === 'quarantined' || phase === 'refused') phase = 'stopped';
    },
    stop() {
      detach();
      phase = 'stopped';
    },
  };
}

export type PluginRunner = ReturnType<typeof createPluginRunner>;
