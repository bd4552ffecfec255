import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import type { Backend } from '../render/backends/types.ts';
import type { PluginRunner } from './plugin-runner.ts';
import type { RenderOutcome } from './plugin-host.ts';
import { createSelector, slotKey, type Dwell, type SelectInput, type Slot } from './selector.ts';
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
  idleFrame: Uint8Array;
  /** A frame that differs from the previous one was pushed (the preview taps here). */
  onFrame?: (rgb: Uint8Array, brightness: number) => void;
  onStatus?: (s: ScreenStatus) => void;
  /** Draws over every frame before it is pushed (panel notices); returns the frame to push. */
  overlay?: (rgb: Uint8Array) => Uint8Array;
  /** Called once per round of the loop (the service watchdog's sign of life; must be cheap). */
  onRound?: () => void;
  defaultFps: number;
  idleMs: number;
}

/**
 * The render loop: one frame at a time from the plugin on screen, pushed only when it changed.
 * It never waits on a plugin longer than the render deadline (the host enforces it), sleeps
 * between frames at the plugin's frame rate, and sleeps `idleMs` when off or with nothing to show,
 * waking early when the runtime says something changed.
 */
export function createRenderLoop(o: LoopOptions) {
  const selector = createSelector();
  const stats = createFrameStats();
  const { width, height } = o.backend;
  const black = new Uint8Array(width * height * 3);
  const lastPushed = new Uint8Array(width * height * 3);
  let pushedBrightness = -1;
  let dwell: Dwell | null = null;
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
  let firstFrame = false;
  let firstPluginFrame = false;
  let prefetch: { dwell: Dwell; frame: number; result: Promise<RenderOutcome> } | null = null;

  function setStatus(next: Omit<ScreenStatus, 'since'>, now: number) {
    const same = (k: 'state' | 'plugin_id' | 'mode' | 'source' | 'until') => next[k] === status[k];
    if (same('state') && same('plugin_id') && same('mode') && same('source') && same('until')) return;
    status = { ...next, since: now };
    o.onStatus?.(status);
  }

  function output(drawn: Uint8Array, brightness: number): void {
    const rgb = o.overlay ? o.overlay(drawn) : drawn;
    if (brightness === pushedBrightness && Buffer.compare(rgb, lastPushed) === 0) return;
    lastPushed.set(rgb);
    pushedBrightness = brightness;
    o.backend.push(lastPushed, brightness);
    stats.pushed();
    o.onFrame?.(lastPushed, brightness);
    if (!firstFrame) ((firstFrame = true), o.log.info('first frame', { uptime_ms: Math.round(performance.now()) }));
  }

  function usable(slot: Slot): boolean {
    return !skipped.has(slotKey(slot)) && !!o.runners().get(slot.pluginId)?.eligible();
  }

  function mustReselect(c: Control, now: number): boolean {
    if (!dwell || now >= dwell.until || !usableNow(dwell)) return true;
    if ((c.onDemand?.key ?? null) !== onDemandKey) return true;
    if (dwell.source === 'on_demand') return false;
    const liveNow = c.live.some(usable);
    if (dwell.source === 'rotation') return liveNow || !c.rotation.some((s) => slotKey(s) === slotKey(dwell!));
    return !c.live.some((s) => slotKey(s) === slotKey(dwell!));
  }
  const usableNow = (d: Dwell) => !!o.runners().get(d.pluginId)?.alive();

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
    dwell = selector.next(input, fresh && current?.source === 'on_demand' ? null : current);
    frameNo = 0;
    stats.pause();
  }

  /** One frame; returns how long to wait before the next one. */
  async function step(): Promise<number> {
    const now = o.clock.now();
    const c = o.control(now);
    if (!c.on) {
      dwell = null;
      setStatus({ state: 'off', plugin_id: null, mode: null, source: null, until: null, next: null }, now);
      output(black, c.brightness);
      return o.idleMs;
    }
    if (mustReselect(c, now)) select(c, now, dwell);
    if (!dwell) {
      setStatus({ state: 'idle', plugin_id: null, mode: null, source: null, until: null, next: null }, now);
      output(o.idleFrame, c.brightness);
      skipped = new Set();
      return o.idleMs;
    }
    const d = dwell;
    const runner = o.runners().get(d.pluginId)!;
    const info = (at: number, frame: number) => ({
      mode: d.mode,
      width,
      height,
      now: at,
      elapsedMs: at - d.since,
      frame,
    });
    // An animated plugin's next frame was requested right after the last push, so it is usually
    // ready when its time comes: the push happens on the timer, not a round trip after it.
    const ahead = prefetch?.dwell === d && prefetch.frame === frameNo ? prefetch.result : null;
    prefetch = null;
    const out = await (ahead ?? runner.render(info(now, frameNo)));
    if (dwell !== d) return 0;
    if (!out.ok || !out.drew || !out.pixels) {
      skipped.add(slotKey(d));
      select(c, o.clock.now(), d);
      return 0;
    }
    frameNo += 1;
    const fps = Math.min(120, Math.max(0.2, runner.fps() ?? o.defaultFps));
    stats.frame(performance.now(), fps >= 20);
    output(out.pixels, c.brightness);
    if (frameNo === 1) {
      // Reported once the dwell's first frame is on the panel.
      skipped = new Set();
      const next = selector.peekRotation(c.rotation);
      setStatus(
        {
          state: 'showing',
          plugin_id: d.pluginId,
          mode: d.mode,
          source: d.source,
          until: d.until,
          next: next && { plugin_id: next.pluginId, mode: next.mode },
        },
        now,
      );
    }
    if (fps >= 20) prefetch = { dwell: d, frame: frameNo, result: runner.render(info(now + 1000 / fps, frameNo)) };
    if (!firstPluginFrame)
      ((firstPluginFrame = true),
        o.log.info('first plugin frame', { plugin: d.pluginId, uptime_ms: Math.round(performance.now()) }));
    return 1000 / fps;
  }

  function sleep(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0 || signal.aborted) return Promise.resolve();
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
      let nextAt = performance.now();
      while (!signal.aborted) {
        o.onRound?.();
        const wait = await step();
        const now = performance.now();
        if (wait === 0) {
          nextAt = now;
          continue;
        }
        nextAt += wait;
        if (nextAt < now - wait) {
          stats.dropped(Math.floor((now - nextAt) / wait));
          nextAt = now;
        }
        await sleep(nextAt - now, signal);
        if (performance.now() < nextAt - 1) nextAt = performance.now();
      }
    },
    /** Something changed (desired state, live content, a plugin ready): decide now, not after a sleep. */
    wake: () => wakeUp?.(),
    status: () => status,
    stats: () => stats.summary(),
    current: () => ({ rgb: lastPushed, brightness: Math.max(0, pushedBrightness), width, height }),
  };
}

export type RenderLoop = ReturnType<typeof createRenderLoop>;
