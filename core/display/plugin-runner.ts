import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { allowsCalls, recordFailure, recordSuccess, resetBreaker, tick, type Breaker } from './breaker.ts';
import { updateIntervalMs, type DesiredPlugin } from './desired-state.ts';
import type { CacheStore } from './kv-cache.ts';
import {
  createPluginHost,
  type HostLimits,
  type PluginHost,
  type ReadyInfo,
  type RenderOutcome,
} from './plugin-host.ts';
import { createTimings } from './timings.ts';
import { createLogBudget } from './log-budget.ts';
import type { RenderInfo } from './worker/protocol.ts';

export type RunnerPhase = 'stopped' | 'starting' | 'ready' | 'backoff';

export interface RunnerOptions {
  width: number;
  height: number;
  script: string;
  limits: HostLimits;
  updateDeadlineMs: number;
  cooldownMs: number;
  clock: Clock;
  log: Logger;
  cache: CacheStore;
  /** The breaker changed state (persist at once). */
  onBreaker(id: string): void;
  /** Something the loop should react to at once (live content, a plugin became ready). */
  wake(): void;
}

const RESTART_BASE_MS = 2_000;
/** The soonest a plugin may ask for its next update (update() returning `{ retryInSeconds }`). */
export const MIN_RETRY_MS = 10_000;

/**
 * One plugin's life in the display: its worker, its update schedule (never two updates at once),
 * its circuit breaker and its timings. Any failure — a throw, a missed deadline, a dead thread —
 * terminates the worker; it restarts after a short backoff until the breaker opens, and while the
 * breaker is open the plugin has no thread at all.
 */
export function createPluginRunner(initial: DesiredPlugin, breaker0: Breaker, o: RunnerOptions) {
  let spec = initial;
  let breaker = breaker0;
  let host: PluginHost | null = null;
  let phase: RunnerPhase = 'stopped';
  let ready: ReadyInfo | null = null;
  let restartAt = 0;
  let nextUpdateAt = 0;
  let live = false;
  let metricsChangedAt = 0;
  const timings = { update: createTimings(), render: createTimings() };
  const log = o.log.child({ plugin: spec.id });
  const budget = createLogBudget(() => Date.now());

  function setBreaker(next: Breaker) {
    const changed = next.state !== breaker.state;
    breaker = next;
    if (changed) {
      log.warn('circuit breaker changed', { state: next.state, consecutive_failures: next.consecutiveFailures });
      o.onBreaker(spec.id);
    }
  }

  function fail(kind: 'update' | 'render' | 'thread', error: string) {
    const now = o.clock.now();
    setBreaker(recordFailure(breaker, kind, error, now));
    log.warn('plugin failed', { kind, error, consecutive_failures: breaker.consecutiveFailures });
    stopHost('failure');
    phase = allowsCalls(breaker) ? 'backoff' : 'stopped';
    restartAt = now + RESTART_BASE_MS * 2 ** Math.max(0, breaker.consecutiveFailures - 1);
  }

  function succeed(kind: 'update' | 'render') {
    if (breaker.state !== 'closed' || breaker.consecutiveFailures > 0)
      setBreaker(recordSuccess(breaker, kind, o.clock.now()));
    else breaker.lastSuccessAt = o.clock.now();
  }

  function stopHost(reason: string) {
    host?.stop(reason);
    host = null;
    ready = null;
    live = false;
  }

  function start() {
    phase = 'starting';
    const h = createPluginHost({
      plugin: spec,
      width: o.width,
      height: o.height,
      script: o.script,
      limits: o.limits,
      cache: o.cache.snapshot(spec.id),
      log,
      on: {
        cache: (key, value, expiresAt) => o.cache.set(spec.id, key, value, expiresAt),
        live: (value) => ((live = value), o.wake()),
        log: (level, msg, fields) => {
          if (budget.take((n) => log.warn('plugin log lines dropped', { dropped: n })))
            log[level](msg, { ...fields, from: 'plugin' });
        },
        died: (reason, settled) => (host === h && !settled ? fail('thread', reason) : undefined),
      },
    });
    host = h;
    h.start().then(
      (info) => {
        if (host !== h) return;
        ready = info;
        phase = 'ready';
        nextUpdateAt = 0;
        o.wake();
      },
      (e: Error) => log.warn('plugin did not load', { error: e.message }),
    );
  }

  async function runUpdate(h: PluginHost) {
    const started = o.clock.now();
    nextUpdateAt = started + updateIntervalMs(spec);
    const out = await h.update(o.updateDeadlineMs);
    // A plugin with nothing to show yet (offline at boot) may ask for an earlier retry: never
    // later than its interval, and never sooner than the floor, so it cannot become a busy loop.
    if (out.ok && out.retryInMs && host === h)
      nextUpdateAt = Math.min(nextUpdateAt, started + Math.max(out.retryInMs, MIN_RETRY_MS));
    timings.update.add(out.ms);
    metricsChangedAt ||= o.clock.now();
    if (host !== h) return;
    if (out.ok) succeed('update');
    else fail('update', out.error ?? 'failed');
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
      if (!allowsCalls(breaker)) return void (host && stopHost('circuit open'), (phase = 'stopped'));
      if (phase === 'stopped' || (phase === 'backoff' && now >= restartAt)) start();
      if (phase === 'ready' && host && ready?.hasUpdate && !host.updating() && now >= nextUpdateAt)
        void runUpdate(host);
    },
    /** Loaded and its breaker not open: a plugin on screen stays there (render deadlines catch a hang). */
    alive(): boolean {
      return phase === 'ready' && !!host && allowsCalls(breaker);
    },
    /** Whether the loop may switch to it now: alive, and its thread not blocked by a running update. */
    eligible(): boolean {
      return phase === 'ready' && !!host && allowsCalls(breaker) && (!host.updating() || host.responsive());
    },
    async render(info: RenderInfo): Promise<RenderOutcome> {
      const h = host;
      if (!h || phase !== 'ready') return { ok: true, drew: false, ms: 0, clipped: 0 };
      const out = await h.render(info);
      timings.render.add(out.ms);
      metricsChangedAt ||= o.clock.now();
      if (host !== h) return { ...out, ok: true, drew: false };
      if (out.ok) succeed('render');
      else fail('render', out.error ?? 'failed');
      return out;
    },
    modes: (): string[] => ready?.modes ?? spec.modes,
    fps: (): number | null => ready?.fps ?? (typeof spec.manifest.fps === 'number' ? spec.manifest.fps : null),
    live: () => live && spec.config.live_priority === true,
    breaker: () => breaker,
    phase: () => phase,
    metrics: () => ({ update: timings.update.summary(), render: timings.render.summary() }),
    /** When the metrics first changed since the last write (0: unchanged). */
    metricsChangedAt: () => metricsChangedAt,
    metricsWritten: () => void (metricsChangedAt = 0),
    /** New desired settings: a replaced folder or new host facts restart the thread, a config change is passed on. */
    setSpec(next: DesiredPlugin) {
      const replaced = next.stamp !== spec.stamp || next.entry !== spec.entry || next.dir !== spec.dir;
      // Host facts reach a plugin only at construction: a changed time zone or location restarts it.
      const hostChanged = JSON.stringify(next.host) !== JSON.stringify(spec.host);
      const configChanged = JSON.stringify(next.config) !== JSON.stringify(spec.config);
      spec = next;
      if ((replaced || hostChanged) && host)
        (stopHost(replaced ? 'plugin files changed' : 'host facts changed'), (phase = 'stopped'));
      else if (configChanged) host?.configure(next.config);
    },
    reset() {
      setBreaker(resetBreaker(breaker));
      if (phase === 'backoff') restartAt = 0;
    },
    stop() {
      stopHost('stopped');
      phase = 'stopped';
    },
  };
}

export type PluginRunner = ReturnType<typeof createPluginRunner>;
