import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { createLogBudget } from '../hosts/log-budget.ts';
import type { LoadReply, Outcome, RenderReply } from '../hosts/messages.ts';
import type { LossNotice, PluginLink, PlacedPlugin, PluginEvents } from '../hosts/supervisor.ts';
import {
  allowsCalls,
  recordCrash,
  recordFailure,
  recordSuccess,
  resetBreaker,
  tick,
  type Breaker,
  type FailureKind,
} from './breaker.ts';
import { createCpuBudget, type CpuReading } from './cpu-budget.ts';
import { updateIntervalMs, type DesiredPlugin } from './desired-state.ts';
import { createFrameFeed, type FeedRequest, type FeedResult } from './frame-feed.ts';
import type { CacheStore } from './kv-cache.ts';
import type { Supervision } from './health-store.ts';
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
/** Wait before calling again after the n-th failure in a row: 100 ms, doubling, at most 30 s. */
export const retryDelayMs = (failures: number) => Math.min(30_000, 100 * 2 ** Math.max(0, failures - 1));
/** Host deaths that are the plugin's own doing, counted towards quarantine; a missed deadline is a hang. */
const CRASHES = new Set(['crash', 'memory', 'protocol']);

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
  let breaker = breaker0;
  let supervision = supervision0;
  let link: PluginLink | null = null;
  let phase: RunnerPhase = 'stopped';
  let refusedReason: string | null = null;
  let ready: LoadReply | null = null;
  let retryAt = 0;
  let nextUpdateAt = 0;
  let updating = false;
  let probeDue = false;
  let live = false;
  let metricsChangedAt = 0;
  let cpu: CpuReading | null = null;
  const timings = { update: createTimings(), render: createTimings() };
  const budget = createCpuBudget(o.cpu);
  const log = o.log.child({ plugin: spec.id });
  const logBudget = createLogBudget(() => Date.now());

  const feed = createFrameFeed({
    render: (req) => render(req),
    defaultPeriodMs: () => 1000 / o.defaultFps,
    lateMs: (period) => Math.max(250, 3 * (period ?? 0), 3 * timings.render.summary().p95_ms),
    onLateArrival: () => o.wake(),
  });

  function setBreaker(next: Breaker) {
    const changed = next.state !== breaker.state || next.quarantinedAt !== breaker.quarantinedAt;
    breaker = next;
    if (changed) {
      log.warn('circuit breaker changed', {
        state: next.state,
        quarantined: next.quarantinedAt !== null,
        consecutive_failures: next.consecutiveFailures,
      });
      o.onBreaker(spec.id);
    }
  }

  function fail(kind: FailureKind, error: string) {
    const now = o.clock.now();
    setBreaker(recordFailure(breaker, kind, error, now));
    log.warn('plugin failed', { kind, error, consecutive_failures: breaker.consecutiveFailures });
    // Over its CPU budget it is slowed, not paused.
    if (kind !== 'cpu') retryAt = now + retryDelayMs(breaker.consecutiveFailures);
    metricsChangedAt ||= now;
    // An open breaker stops the plugin at once: its host is not kept for a plugin that may not run.
    if (!allowsCalls(breaker)) stopForBreaker();
  }

  function stopForBreaker() {
    if (link) detach();
    phase = breaker.quarantinedAt !== null ? 'quarantined' : 'stopped';
  }

  function succeed(kind: 'update' | 'render' | 'load') {
    setBreaker(recordSuccess(breaker, kind, o.clock.now()));
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
    const now = o.clock.now();
    detach();
    supervision = { restarts: supervision.restarts + 1, lastKillReason: n.reason, lastKillAt: now };
    budget.reset();
    if (n.blamed) {
      if (CRASHES.has(n.kind)) setBreaker(recordCrash(breaker, now));
      // Counted as a failure of the call that was running: only that call's success clears it.
      fail(n.during === 'update' || n.during === 'render' || n.during === 'load' ? n.during : 'host', n.reason);
    }
    o.onBreaker(spec.id);
    if (!allowsCalls(breaker)) return;
    phase = 'backoff';
    if (!n.blamed) retryAt = now;
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
      succeed('load');
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
    const out = await render({ mode, now: o.clock.now(), frameNo: 0, elapsedMs: 0, forceClear: true }, l);
    if (!out.ok && link === l) probeDue = true;
  }

  async function render(req: FeedRequest, only?: PluginLink): Promise<FeedResult> {
    const l = link;
    if (!l || phase !== 'ready' || (only && only !== l)) return { ok: false, error: 'not running' };
    let pixels: Uint8Array | null = null;
    const out = (await l.render(
      { mode: req.mode, now: req.now, frame_no: req.frameNo, elapsed_ms: req.elapsedMs, force_clear: req.forceClear },
      o.renderDeadlineMs,
      (px) => (pixels = px),
    )) as Outcome<RenderReply>;
    if (out.ok || !out.lost) {
      timings.render.add(out.cpuMs);
      budget.call(performance.now(), out.cpuMs, true);
      metricsChangedAt ||= o.clock.now();
    }
    if (link !== l) return { ok: false, error: out.ok ? 'plugin restarted' : out.error };
    if (!out.ok) {
      if (!out.lost) (fail('render', out.error), (probeDue = true));
      return { ok: false, error: out.error };
    }
    succeed('render');
    probeDue = false;
    return { ok: true, shown: out.reply.shown !== false, nextInMs: out.reply.next_in_ms, pixels };
  }

  async function runUpdate(l: PluginLink) {
    updating = true;
    const started = o.clock.now();
    const t0 = performance.now();
    nextUpdateAt = started + updateIntervalMs(spec);
    const out = await l.update(o.updateDeadlineMs, o.updateDeadlineMs + o.updateGraceMs);
    if (link !== l) return;
    updating = false;
    timings.update.add(performance.now() - t0);
    budget.call(performance.now(), out.cpuMs, false);
    metricsChangedAt ||= o.clock.now();
    if (!out.ok) {
      if (out.lost) return;
      fail('update', out.error);
      // A failed update is tried again after the backoff, not a whole interval later.
      nextUpdateAt = Math.min(nextUpdateAt, retryAt);
      return;
    }
    succeed('update');
    // A plugin with nothing to show yet (offline at boot) may ask for an earlier retry: never
    // later than its interval, and never sooner than the floor, so it cannot become a busy loop.
    const retry = Number((out.reply as { retry_in_seconds?: unknown }).retry_in_seconds) * 1000;
    if (retry > 0) nextUpdateAt = Math.min(nextUpdateAt, started + Math.max(retry, MIN_RETRY_MS));
    feed.dirty();
  }

  /**
   * The CPU budget, once per `checkCpu` call (a few times per window): slows, and counts a plugin
   * that stays over. CPU is measured against real time (performance.now()), never the clock.
   */
  function checkCpu(hostCpuMs: number | null) {
    const t = performance.now();
    if (hostCpuMs !== null) budget.hostTotal(t, hostCpuMs);
    cpu = budget.read(t, feed.askedPeriod());
    if (!cpu) return;
    feed.setMinPeriod(cpu.minPeriodMs);
    if (cpu.over)
      fail(
        'cpu',
        `used ${cpu.sharePct}% of a core (at its own rate ${cpu.demandPct}%), over its budget of ${o.cpu.budgetPct}%`,
      );
    else if (breaker.failureKind === 'cpu') setBreaker(recordSuccess(breaker, 'cpu', o.clock.now()));
    if (cpu.over && cpu.sharePct > o.cpu.budgetPct) nextUpdateAt += updateIntervalMs(spec);
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
      setBreaker(tick(breaker, now, o.cooldownMs));
      if (!allowsCalls(breaker)) return stopForBreaker();
      if (phase === 'quarantined') phase = 'stopped';
      if (phase === 'stopped' || (phase === 'backoff' && now >= retryAt)) return start();
      if (phase === 'ready' && link && ready?.has_update && !updating && now >= nextUpdateAt && now >= retryAt)
        void runUpdate(link);
      if (phase === 'ready' && link && probeDue && now >= retryAt) void probe(link);
    },
    checkCpu,
    /** Loaded and its breaker not open. */
    alive: (): boolean => phase === 'ready' && !!link && allowsCalls(breaker),
    /** Whether the loop may switch to it now: alive and not waiting out a failure. */
    eligible(): boolean {
      return phase === 'ready' && !!link && allowsCalls(breaker) && o.clock.now() >= retryAt;
    },
    feed,
    modes: (): string[] => ready?.modes ?? spec.modes,
    /** When it wants frames at its own rate (null: the display's default). */
    fps: (): number | null => ready?.fps ?? null,
    live: () => live && spec.config.live_priority === true,
    breaker: () => breaker,
    supervision: () => supervision,
    phase: () => phase,
    refusedReason: () => refusedReason,
    host: () => link?.host() ?? null,
    cpu: () => cpu,
    metrics: () => ({
      update: timings.update.summary(),
      render: timings.render.summary(),
      cpu: { share_pct: cpu?.sharePct ?? 0, budget_pct: o.cpu.budgetPct, throttled: (cpu?.minPeriodMs ?? 0) > 0 },
    }),
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
        void link.configure(next.config, o.renderDeadlineMs).then((out) => {
          if (!out.ok && !out.lost) log.warn('onConfigChange failed', { error: out.error });
          feed.dirty();
        });
      }
    },
    reset() {
      setBreaker(resetBreaker(breaker));
      retryAt = 0;
      if (phase === 'quarantined' || phase === 'refused') phase = 'stopped';
    },
    stop() {
      detach();
      phase = 'stopped';
    },
  };
}

export type PluginRunner = ReturnType<typeof createPluginRunner>;
