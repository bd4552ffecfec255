import type { Clock } from '../platform/clock.ts';
import type { PluginLink } from '../hosts/supervisor.ts';

/** The soonest a plugin may ask for its next update (update() returning `{ retryInSeconds }`). */
export const MIN_RETRY_MS = 10_000;
/** An update that found the plugin's display() call running is asked again after this long. */
export const BUSY_UPDATE_RETRY_MS = 1_000;

export interface UpdateScheduleOptions {
  clock: Clock;
  deadlineMs: number;
  /** Extra time after an update's own deadline before its host is killed. */
  graceMs: number;
  /** Time between updates, as the plugin's reply or its settings say. */
  intervalMs(): number;
  /** Whether `l` is still the plugin's link: an answer from a host since replaced changes nothing. */
  current(l: PluginLink): boolean;
  /** An answered update's wall time and CPU time. */
  measured(wallMs: number, cpuMs: number): void;
  failed(error: string): void;
  /** When the plugin may be called again after its last failure. */
  retryAt(): number;
  succeeded(): void;
  /** The plugin has new data: frames drawn before it are stale. */
  updated(): void;
}

/**
 * A plugin's update schedule: never two updates at once, the next one an interval after the last
 * began, or sooner after a failure (the backoff), while its display() call was busy, or when it
 * asks for an earlier retry.
 */
export function createUpdateSchedule(o: UpdateScheduleOptions) {
  let nextAt = 0;
  let running = false;

  async function run(l: PluginLink) {
    running = true;
    const started = o.clock.now();
    const t0 = performance.now();
    nextAt = started + o.intervalMs();
    const out = await l.update(o.deadlineMs, o.deadlineMs + o.graceMs);
    if (!o.current(l)) return;
    running = false;
    o.measured(performance.now() - t0, out.cpuMs);
    if (!out.ok) {
      if (out.lost) return;
      o.failed(out.error);
      // A failed update is tried again after the backoff, not a whole interval later.
      nextAt = Math.min(nextAt, o.retryAt());
      return;
    }
    if ((out.reply as { busy?: unknown }).busy === true) {
      // Its display() call was still running (a LEDMatrix plugin scrolling inside one call): asked again soon.
      nextAt = Math.min(nextAt, started + BUSY_UPDATE_RETRY_MS);
      return;
    }
    o.succeeded();
    // A plugin with nothing to show yet (offline at boot) may ask for an earlier retry: never
    // later than its interval, and never sooner than the floor, so it cannot become a busy loop.
    const retry = Number((out.reply as { retry_in_seconds?: unknown }).retry_in_seconds) * 1000;
    if (retry > 0) nextAt = Math.min(nextAt, started + Math.max(retry, MIN_RETRY_MS));
    o.updated();
  }

  return {
    /** Starts an update on `l` when one is due and none is running. */
    tick(now: number, l: PluginLink) {
      if (!running && now >= nextAt) void run(l);
    },
    /** Just loaded: the first update is due at once. */
    restart: () => void (nextAt = 0),
    /** Its host is gone: an update still out there will not be answered. */
    end: () => void (running = false),
    postpone: (ms: number) => void (nextAt += ms),
  };
}
