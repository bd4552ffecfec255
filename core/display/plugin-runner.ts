import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { createLogBudget } from '../hosts/log-budget.ts';
import type { Json, LoadReply, Outcome, RenderReply } from '../hosts/messages.ts';
import type { LossNotice, PluginLink, PlacedPlugin, PluginEvents } from '../hosts/supervisor.ts';
import type { Breaker, FailureKind } from './breaker.ts';
import { createCpuWatch } from './cpu-budget.ts';
import { createFrameFeed, type FeedRequest, type FeedResult } from './frame-feed.ts';
import type { CacheStore } from './kv-cache.ts';
import type { Supervision } from './health-store.ts';
import { createPluginRecord } from './plugin-record.ts';
import { dynamicDwell, intervalMs, mayGoLive, replyDurationMs, withConfigured } from './plugin-reply.ts';
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

/** The soonest a plugin may ask for its next update (update() returning `{ retryInSeconds }`). */
export const MIN_RETRY_MS = 10_000;
/** An update that found the plugin's display() call running is asked again after this long. */
export const BUSY_UPDATE_RETRY_MS = 1_000;
export { retryDelayMs } from './plugin-record.ts';

/**
 * One plugin's life in the display: its place in a host, its update schedule (never two updates
 * at once), its frames (frame-feed.ts), its circuit breaker, quarantine, CPU budget and timings.
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
  let nextUpdateAt = 0;
  let updating = false;
  let probeDue = false;
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

  const cpu = createCpuWatch(o.cpu, {
    askedPeriod: () => feed.askedPeriod(),
    setMinPeriod: (ms) => feed.setMinPeriod(ms),
    over(reason, stillUsing) {
      fail('cpu', reason);
      // Actually using too much (not only asking to): its updates are spaced too.
      if (stillUsing) nextUpdateAt += intervalMs(ready, spec);
    },
    under: () => void (record.breaker().failureKind === 'cpu' && record.succeed('cpu')),
  });

  const feed = createFrameFeed({
    render: (req, pushed) => render(req, pushed),
    defaultPeriodMs: () => 1000 / o.defaultFps,
    // A first frame may take as long as a render may (the panel meanwhile keeps showing the plugin
    // before); after that, a frame is late once the plugin's own rhythm says so.
    lateMs: (period, first) =>
      first ? o.renderDeadlineMs + 250 : Math.max(250, 3 * (period ?? 0), 3 * timings.render.summary().p95_ms),
    onLateArrival: () => o.wake(),
    // A plugin whose frames take longer than half its period to draw gets one asked for at a time.
    maxAhead: () => (timings.render.summary().p95_ms * 2 > (feed.period() ?? Infinity) ? 1 : 8),
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
    updating = false;
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
      nextUpdateAt = 0;
      record.succeed('load');
      void probe(l);
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

  /**
   * One frame right after loading, shown nowhere, and again after each failed render until one
   * succeeds: a plugin whose render throws or hangs is found (and its breaker opened) without
   * waiting for its turn on screen.
   */
  async function probe(l: PluginLink) {
    probeDue = false;
    const mode = ready?.modes?.[0] ?? spec.modes[0] ?? spec.id;
    const out = await render({ mode, now: o.clock.now(), frameNo: 0, elapsedMs: 0, forceClear: true }, null, l);
    if (!out.ok && link === l) probeDue = true;
  }

  /**
   * One frame. Each frame the call pushes goes to `pushed` as it comes and keeps the call alive past
   * the render deadline, for at most the plugin's display duration (a plugin that scrolls inside one
   * call); a call that pushes nothing still meets the deadline.
   */
  async function render(
    req: FeedRequest,
    pushed: ((px: Uint8Array) => void) | null,
    only?: PluginLink,
  ): Promise<FeedResult> {
    const l = link;
    if (!l || phase !== 'ready' || (only && only !== l)) return { ok: false, error: 'not running' };
    let pixels: Uint8Array | null = null;
    const ceilingMs = Math.max(o.renderDeadlineMs, replyDurationMs(ready) ?? displayDurationMs(spec));
    const out = (await l.render(
      { mode: req.mode, now: req.now, frame_no: req.frameNo, elapsed_ms: req.elapsedMs, force_clear: req.forceClear },
      o.renderDeadlineMs,
      (px) => ((pixels = px), pushed?.(px)),
      ceilingMs,
    )) as Outcome<RenderReply>;
    if (out.ok || !out.lost) {
      timings.render.add(out.cpuMs);
      cpu.call(out.cpuMs, true);
      metricsChangedAt ||= o.clock.now();
    }
    if (link !== l) return { ok: false, error: out.ok ? 'plugin restarted' : out.error };
    if (!out.ok) {
      if (!out.lost) (fail('render', out.error), (probeDue = true));
      return { ok: false, error: out.error };
    }
    record.succeed('render');
    probeDue = false;
    cycleComplete = out.reply.cycle_complete !== false;
    return { ok: true, shown: out.reply.shown !== false, nextInMs: out.reply.next_in_ms, pixels };
  }

  async function runUpdate(l: PluginLink) {
    updating = true;
    const started = o.clock.now();
    const t0 = performance.now();
    nextUpdateAt = started + intervalMs(ready, spec);
    const out = await l.update(o.updateDeadlineMs, o.updateDeadlineMs + o.updateGraceMs);
    if (link !== l) return;
    updating = false;
    timings.update.add(performance.now() - t0);
    cpu.call(out.cpuMs, false);
    metricsChangedAt ||= o.clock.now();
    if (!out.ok) {
      if (out.lost) return;
      fail('update', out.error);
      // A failed update is tried again after the backoff, not a whole interval later.
      nextUpdateAt = Math.min(nextUpdateAt, record.retryAt());
      return;
    }
    if ((out.reply as { busy?: unknown }).busy === true) {
      // Its display() call was still running (a LEDMatrix plugin scrolling inside one call): asked again soon.
      nextUpdateAt = Math.min(nextUpdateAt, started + BUSY_UPDATE_RETRY_MS);
      return;
    }
    record.succeed('update');
    // A plugin with nothing to show yet (offline at boot) may ask for an earlier retry: never
    // later than its interval, and never sooner than the floor, so it cannot become a busy loop.
    const retry = Number((out.reply as { retry_in_seconds?: unknown }).retry_in_seconds) * 1000;
    if (retry > 0) nextUpdateAt = Math.min(nextUpdateAt, started + Math.max(retry, MIN_RETRY_MS));
    feed.dirty();
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
      if (ready?.has_update && !updating && now >= nextUpdateAt) void runUpdate(link);
      if (probeDue) void probe(link);
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
    renderOffScreen: (req: FeedRequest) => render(req, null),
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
