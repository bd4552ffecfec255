import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { Backend } from '../render/backends/types.ts';
import type { PluginRunner } from './plugin-runner.ts';
import { createSelector, slotKey, type Dwell, type SelectInput, type Slot } from './selector.ts';
import { createHandOver } from './hand-over.ts';
import { createFrameStats } from './timings.ts';

/** What the loop needs to know each frame; computed by the runtime from desired state. */
export interface Control {
  on: boolean;
  brightness: number;
  rotation: Slot[];
  live: Slot[];
  onDemand: { key: string; slots: Slot[]; until: number | null } | null;
}

export interface ScreenStatus {
  state: 'starting' | 'showing' | 'idle' | 'off';
  plugin_id: string | null;
  mode: string | null;
  source: Dwell['source'] | null;
  since: number;
  until: number | null;
  next: { plugin_id: string; mode: string } | null;
}

export interface LoopOptions {
  clock: Clock;
  log: Logger;
  backend: Backend;
  runners: () => Map<string, PluginRunner>;
  control: (now: number) => Control;
  durationMs: (slot: Slot) => number;
  /** A dwell that may end before its `until` (a LEDMatrix plugin's dynamic duration whose cycle is complete). */
  endsEarly?: (d: Dwell, now: number) => boolean;
  idleFrame: Uint8Array;
  /** A frame that differs from the previous one was pushed (the preview taps here). */
  onFrame?: (rgb: Uint8Array, brightness: number) => void;
  onStatus?: (s: ScreenStatus) => void;
  /** Longest sleep when nothing is due (off, idle, a still picture): bounds how stale a check can be. */
  /** Draws over every frame before it is pushed (panel notices); returns the frame to push. */
  overlay?: (rgb: Uint8Array) => Uint8Array;
  /** While the overlay moves (a scrolling notice), how often to draw it again; null when still. */
  overlayMs?: () => number | null;
  /** Called once per round of the loop (the service watchdog's sign of life; must be cheap). */
  onRound?: () => void;
  /** The longest the loop may sleep, for work that rides on its rounds (the control look); at least 1 ms. */
  roundWithinMs?: () => number;
  idleMs: number;
}

/** Frame intervals shorter than this are an animation, whose gaps the frame statistics count. */
const ANIMATION_MS = 50;
/**
 * Timers fire on the event loop's millisecond clock, read when the loop last turned, so a sleep
 * may end a millisecond or two before the performance clock says it should: a frame due that soon
 * is taken now rather than after one more wake-up.
 */
export const TIMER_SLACK_MS = 2;

/**
 * The render loop. It never waits on a plugin: the plugin on screen has its frames asked for
 * ahead (frame-feed.ts), and the loop takes the one that is due, pushing it only when it differs
 * from what the panel shows. A frame that is late is skipped — the panel keeps its picture, and a
 * plugin late beyond what its rate allows loses the screen to the next one — so a plugin that
 * hangs, spins or dies never stalls another. Between frames the loop sleeps until the next one is
 * due, the dwell ends, the runtime wakes it (something changed) or the work riding on its rounds
 * is due (`roundWithinMs`: the control look), so the process wakes only when something is due.
 */
export function createRenderLoop(o: LoopOptions) {
  const selector = createSelector();
  const stats = createFrameStats();
  const { width, height } = o.backend;
  /** The last frame drawn before the overlay, to draw a moving overlay over again. */
  let lastDrawn: Uint8Array | null = null;
  const black = new Uint8Array(width * height * 3);
  const lastPushed = new Uint8Array(width * height * 3);
  let pushedBrightness = -1;
  let dwell: Dwell | null = null;
  let feeding: PluginRunner | null = null;
  let brightness = 0;
  const handOver = createHandOver((frame, period, perf) => {
    stats.frame(perf, period !== null && period <= ANIMATION_MS);
    output(frame, brightness);
  });
  let onDemandKey: string | null = null;
  let frameNo = 0;
  let skipped = new Set<string>();
  let status: ScreenStatus = {
    state: 'starting',
    plugin_id: null,
    mode: null,
    source: null,
    since: o.clock.now(),
    until: null,
    next: null,
  };
  let wakeUp: (() => void) | null = null;
  let woken = false;
  let firstFrame = false;
  let firstPluginFrame = false;

  function setStatus(next: Omit<ScreenStatus, 'since'>, now: number) {
    const same = (k: 'state' | 'plugin_id' | 'mode' | 'source' | 'until') => next[k] === status[k];
    if (same('state') && same('plugin_id') && same('mode') && same('source') && same('until')) return;
    status = { ...next, since: now };
    o.onStatus?.(status);
  }

  function output(drawn: Uint8Array, brightness: number): void {
    lastDrawn = drawn;
    const rgb = o.overlay ? o.overlay(drawn) : drawn;
    if (brightness === pushedBrightness && Buffer.compare(rgb, lastPushed) === 0) return;
    lastPushed.set(rgb);
    pushedBrightness = brightness;
    o.backend.push(lastPushed, brightness);
    stats.pushed();
    o.onFrame?.(lastPushed, brightness);
    if (!firstFrame) ((firstFrame = true), o.log.info('first frame', { uptime_ms: Math.round(performance.now()) }));
  }

  const usable = (slot: Slot) => !skipped.has(slotKey(slot)) && !!o.runners().get(slot.pluginId)?.eligible();
  const usableNow = (d: Dwell) => !!o.runners().get(d.pluginId)?.alive();

  function mustReselect(c: Control, now: number): boolean {
    if (!dwell || now >= dwell.until || !usableNow(dwell) || o.endsEarly?.(dwell, now)) return true;
    if ((c.onDemand?.key ?? null) !== onDemandKey) return true;
    if (dwell.source === 'on_demand') return false;
    const liveNow = c.live.some(usable);
    if (dwell.source === 'rotation') return liveNow || !c.rotation.some((s) => slotKey(s) === slotKey(dwell!));
    return !c.live.some((s) => slotKey(s) === slotKey(dwell!));
  }

  function select(c: Control, now: number, current: Dwell | null) {
    const key = c.onDemand?.key ?? null;
    const fresh = key !== onDemandKey;
    onDemandKey = key;
    const input: SelectInput = {
      now,
      rotation: c.rotation,
      live: c.live,
      onDemand: c.onDemand,
      usable,
      durationMs: o.durationMs,
    };
    const prev = feeding;
    dwell = selector.next(input, fresh && current?.source === 'on_demand' ? null : current);
    feeding = dwell ? o.runners().get(dwell.pluginId)! : null;
    handOver.select(prev, frameNo > 0, feeding);
    feeding?.feed.begin(dwell!.mode, now, performance.now(), feeding.fps() ? 1000 / feeding.fps()! : undefined);
    frameNo = 0;
  }

  function othersUsable(c: Control, d: Dwell): boolean {
    const candidates = c.onDemand ? c.onDemand.slots : [...c.live, ...c.rotation];
    return candidates.some((s) => slotKey(s) !== slotKey(d) && usable(s));
  }

  /** The slot shows something else for now: it said it has nothing, failed, or is too late. */
  function skip(c: Control, d: Dwell) {
    skipped.add(slotKey(d));
    select(c, o.clock.now(), d);
  }

  function shown(c: Control, d: Dwell, now: number) {
    frameNo += 1;
    if (frameNo !== 1) return;
    // Reported once the dwell's first frame is on the panel.
    skipped = new Set();
    const next = selector.peekRotation(c.rotation);
    const s = { state: 'showing', plugin_id: d.pluginId, mode: d.mode, source: d.source, until: d.until } as const;
    setStatus({ ...s, next: next && { plugin_id: next.pluginId, mode: next.mode } }, now);
    if (!firstPluginFrame)
      ((firstPluginFrame = true),
        o.log.info('first plugin frame', { plugin: d.pluginId, uptime_ms: Math.round(performance.now()) }));
  }

  /** One look at what is due; returns how long to sleep (0: look again at once). */
  function step(): number {
    const now = o.clock.now();
    const c = o.control(now);
    brightness = c.brightness;
    if (!c.on) {
      if (dwell) (feeding?.feed.end(), (dwell = null), (feeding = null));
      handOver.drop();
      setStatus({ state: 'off', plugin_id: null, mode: null, source: null, until: null, next: null }, now);
      output(black, c.brightness);
      return o.idleMs;
    }
    if (mustReselect(c, now)) select(c, now, dwell);
    if (!dwell || !feeding) {
      handOver.drop();
      setStatus({ state: 'idle', plugin_id: null, mode: null, source: null, until: null, next: null }, now);
      output(o.idleFrame, c.brightness);
      skipped = new Set();
      return o.idleMs;
    }
    const d = dwell;
    const perf = performance.now() + TIMER_SLACK_MS;
    const got = feeding.feed.poll(perf);
    if (got.late) {
      // A late frame hands the panel to the next plugin, without ruling this one out (a busy
      // machine makes any plugin late now and then); with no other to hand it to, the picture stays.
      if (!othersUsable(c, d)) return o.idleMs;
      stats.dropped();
      select(c, now, d);
      return 0;
    }
    if (got.nothing || got.failed) {
      skip(c, d);
      return 0;
    }
    let outgoingAt: number | null = null;
    if (got.frame) {
      // The switch itself is not a gap in anyone's animation.
      if (frameNo === 0) (handOver.drop(), stats.pause());
      const period = feeding.feed.period();
      stats.frame(perf, period !== null && period <= ANIMATION_MS);
      output(got.frame, c.brightness);
      shown(c, d, now);
    } else if (frameNo === 0) outgoingAt = handOver.feed(perf);
    else if (pushedBrightness !== c.brightness) output(lastPushed.slice(), c.brightness);
    const untilMs = d.until - now;
    const wakeAt = Math.min(got.wakeAt ?? Infinity, outgoingAt ?? Infinity);
    const dueMs = wakeAt === Infinity ? o.idleMs : wakeAt - perf;
    return Math.max(1, Math.min(untilMs, dueMs, o.idleMs));
  }

  function sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      wakeUp = done;
    });
  }

  return {
    async run(signal: AbortSignal): Promise<void> {
      while (!signal.aborted) {
        o.onRound?.();
        woken = false;
        let wait = step();
        // A moving overlay is drawn again over the last frame at its own pace, whatever the plugin's.
        const overlayMs = o.overlayMs?.() ?? null;
        if (overlayMs !== null && lastDrawn) {
          output(lastDrawn, pushedBrightness < 0 ? brightness : pushedBrightness);
          wait = Math.min(wait, overlayMs);
        }
        if (o.roundWithinMs) wait = Math.min(wait, o.roundWithinMs());
        if (wait > 0 && !woken) await sleep(wait, signal);
      }
      feeding?.feed.end();
      handOver.drop();
    },
    /** Something changed (desired state, live content, a frame that was waited for): look now, not after a sleep. */
    wake: () => {
      woken = true;
      wakeUp?.();
    },
    status: () => status,
    stats: () => stats.summary(),
    current: () => ({ rgb: lastPushed, brightness: Math.max(0, pushedBrightness), width, height }),
  };
}

export type RenderLoop = ReturnType<typeof createRenderLoop>;
