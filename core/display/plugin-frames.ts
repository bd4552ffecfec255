import type { Clock } from '../platform/clock.ts';
import type { Outcome, RenderReply } from '../hosts/messages.ts';
import type { PluginLink } from '../hosts/supervisor.ts';
import { createFrameFeed, type FeedRequest, type FeedResult } from './frame-feed.ts';

export interface PluginFramesOptions {
  clock: Clock;
  renderDeadlineMs: number;
  defaultFps: number;
  /** The plugin's link while it is ready to draw (null: not running). */
  readyLink(): PluginLink | null;
  /** Whether `l` is still the plugin's link: an answer from a host since replaced changes nothing. */
  current(l: PluginLink): boolean;
  /** How long the plugin's frames stay on screen, ms (its reply's duration, else its settings'). */
  displayMs(): number;
  /** The mode the probe draws. */
  probeMode(): string;
  /** The 95th percentile of its render times, ms. */
  renderP95(): number;
  /** An answered render's CPU time. */
  measured(cpuMs: number): void;
  failed(error: string): void;
  succeeded(reply: RenderReply): void;
  /** A frame arrived after it was due (the loop may be waiting for it). */
  onLateArrival(): void;
}

/**
 * A plugin's frames: the feed that asks for them ahead of when they are due (frame-feed.ts), the
 * render call with its deadline, and the probe that finds a render that throws or hangs.
 */
export function createPluginFrames(o: PluginFramesOptions) {
  let probeDue = false;

  const feed = createFrameFeed({
    render: (req, pushed) => render(req, pushed),
    defaultPeriodMs: () => 1000 / o.defaultFps,
    // A first frame may take as long as a render may (the panel meanwhile keeps showing the plugin
    // before); after that, a frame is late once the plugin's own rhythm says so.
    lateMs: (period, first) => (first ? o.renderDeadlineMs + 250 : Math.max(250, 3 * (period ?? 0), 3 * o.renderP95())),
    onLateArrival: () => o.onLateArrival(),
    // A plugin whose frames take longer than half its period to draw gets one asked for at a time.
    maxAhead: () => (o.renderP95() * 2 > (feed.period() ?? Infinity) ? 1 : 8),
  });

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
    const l = o.readyLink();
    if (!l || (only && only !== l)) return { ok: false, error: 'not running' };
    let pixels: Uint8Array | null = null;
    const ceilingMs = Math.max(o.renderDeadlineMs, o.displayMs());
    const out = (await l.render(
      { mode: req.mode, now: req.now, frame_no: req.frameNo, elapsed_ms: req.elapsedMs, force_clear: req.forceClear },
      o.renderDeadlineMs,
      (px) => ((pixels = px), pushed?.(px)),
      ceilingMs,
    )) as Outcome<RenderReply>;
    if (out.ok || !out.lost) o.measured(out.cpuMs);
    if (!o.current(l)) return { ok: false, error: out.ok ? 'plugin restarted' : out.error };
    if (!out.ok) {
      if (!out.lost) (o.failed(out.error), (probeDue = true));
      return { ok: false, error: out.error };
    }
    o.succeeded(out.reply);
    probeDue = false;
    return { ok: true, shown: out.reply.shown !== false, nextInMs: out.reply.next_in_ms, pixels };
  }

  /**
   * One frame right after loading, shown nowhere, and again after each failed render until one
   * succeeds: a plugin whose render throws or hangs is found (and its breaker opened) without
   * waiting for its turn on screen.
   */
  async function probe(l: PluginLink) {
    probeDue = false;
    const out = await render(
      { mode: o.probeMode(), now: o.clock.now(), frameNo: 0, elapsedMs: 0, forceClear: true },
      null,
      l,
    );
    if (!out.ok && o.current(l)) probeDue = true;
  }

  return {
    feed,
    render,
    probe,
    /** Whether the last render failed, so the probe is to run again. */
    probeDue: () => probeDue,
  };
}
