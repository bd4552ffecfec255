/**
 * The frames of the plugin on screen, asked for ahead of when they are due. The loop never waits
 * on a host: it takes the newest frame that is due, or keeps what the panel shows. A frame is
 * requested up to `horizonMs` (250 ms) before it is due (for an animation, several frames ahead),
 * with the wall time it will be shown at, so a host that is not scheduled for a while (it runs at
 * lower priority than the display) leaves no gap on the panel.
 * When the next frame is due is the plugin's own answer (`next_in_ms`): a clock showing minutes
 * is drawn once a minute, an animation at its rate, a still picture only when something changed.
 * A call that pushes several frames before it returns (a LEDMatrix plugin scrolling inside one
 * `display()`) has each shown as it arrives, once its frame is due.
 * A plugin drawing at least once a second (a clock showing seconds or blinking its colon) has its
 * next frame asked for when the previous one is shown, so the display wakes once per frame
 * instead of once to ask and once to show.
 */
export interface FeedRequest {
  mode: string;
  /** Wall time the frame is for. */
  now: number;
  frameNo: number;
  elapsedMs: number;
  forceClear: boolean;
}

export type FeedResult =
  | { ok: true; shown: boolean; nextInMs: number | null | undefined; pixels: Uint8Array | null }
  | { ok: false; error: string };

interface Entry {
  due: number;
  /** performance.now() when it was asked for: after `due` when the loop looked late (a change seen at its next round). */
  askedAt: number;
  frameNo: number;
  state: 'pending' | 'ready' | 'empty' | 'failed';
  pixels: Uint8Array | null;
  error?: string;
  /** The newest frame the call pushed before it returned (a plugin scrolling inside one call). */
  pushed?: Uint8Array;
  /** performance.now() of that push; a call that pushes is not late while it keeps pushing. */
  pushedAt?: number;
  /** Whether `pushed` was handed to the loop already. */
  pushedShown?: boolean;
}

export interface FeedPoll {
  frame?: Uint8Array;
  /** The plugin said it has nothing to show. */
  nothing?: boolean;
  failed?: string;
  /** A due frame is later than the loop accepts: show something else. */
  late?: boolean;
  /** performance.now() at which something is due next (null: nothing until a change). */
  wakeAt: number | null;
}

const MIN_PERIOD_MS = 1000 / 120;
/** Longest period whose next frame is asked for as the previous one is shown. */
export const ASK_WITH_PREVIOUS_MS = 1_000;

export function createFrameFeed(o: {
  /** One frame; `pushed` receives each frame the call pushes before it returns. */
  render(req: FeedRequest, pushed: (pixels: Uint8Array) => void): Promise<FeedResult>;
  /** Period when the plugin gives none (the display's default frame rate). */
  defaultPeriodMs: () => number;
  /** How late a due frame may be before the loop moves on (`first`: the dwell's first frame). */
  lateMs: (periodMs: number | null, first: boolean) => number;
  /** A frame arrived after it was due (the loop may be waiting for it). */
  onLateArrival: () => void;
  /** Frames that were due but replaced by a newer one before they were shown. */
  onDropped?: (n: number) => void;
  horizonMs?: number;
  /** Most frames asked for at once (a plugin slow to draw gets fewer). */
  maxAhead?: () => number;
}) {
  const horizon = o.horizonMs ?? 250;
  const maxAhead = o.maxAhead ?? (() => 8);
  let mode: string | null = null;
  let wall0 = 0;
  let perf0 = 0;
  let generation = 0;
  let entries: Entry[] = [];
  let frameNo = 0;
  let nextDue: number | null = null;
  let period: number | null = null;
  /** Whether the plugin's rate is known: until its first answer says, one frame is asked for at a time. */
  let known = false;
  let minPeriod = 0;

  const step = () => (period === null ? null : Math.max(period, minPeriod, MIN_PERIOD_MS));
  /** How far ahead of its due time a frame is asked for. */
  const reach = () => {
    const s = step();
    return s !== null && s <= ASK_WITH_PREVIOUS_MS ? Math.max(horizon, s) : horizon;
  };
  const lateFor = (e: Entry) => o.lateMs(step(), e.frameNo === 0);
  /** From when an overdue frame counts as late: its due time, when it was asked for, or its call's last push. */
  const lateFrom = (e: Entry) => Math.max(e.due, e.askedAt, e.pushedAt ?? -Infinity);
  const pending = () => entries.filter((e) => e.state === 'pending').length;

  function issue(now: number) {
    if (mode === null) return;
    while (nextDue !== null && nextDue <= now + reach() && pending() < (known ? maxAhead() : 1)) {
      const e: Entry = { due: nextDue, askedAt: now, frameNo: frameNo++, state: 'pending', pixels: null };
      entries.push(e);
      const gen = generation;
      const req = {
        mode,
        now: wall0 + (e.due - perf0),
        frameNo: e.frameNo,
        elapsedMs: e.due - perf0,
        forceClear: e.frameNo === 0,
      };
      void o.render(req, (px) => push(gen, e, px)).then((r) => settle(gen, e, r));
      const s = step();
      nextDue = s === null ? null : e.due + s;
    }
  }

  /** A frame pushed by a call still running: shown as it comes once the frame is due (frames asked for ahead are not). */
  function push(gen: number, e: Entry, px: Uint8Array) {
    if (gen !== generation || e.state !== 'pending') return;
    [e.pushed, e.pushedAt, e.pushedShown] = [px, performance.now(), false];
    if (e.due <= e.pushedAt) o.onLateArrival();
  }

  function settle(gen: number, e: Entry, r: FeedResult) {
    if (gen !== generation) return;
    if (!r.ok) [e.state, e.error] = ['failed', r.error];
    else [e.state, e.pixels] = [r.shown && r.pixels ? 'ready' : 'empty', r.pixels];
    if (r.ok && (r.nextInMs !== undefined || !known)) {
      period = r.nextInMs === undefined ? o.defaultPeriodMs() : r.nextInMs;
      known = true;
      // The answer for the newest frame asked for decides when the next one is due.
      if (e === entries.at(-1)) {
        const s = step();
        nextDue = s === null ? null : e.due + s;
      }
    }
    // The call's last frame already reached the panel as it was pushed: not shown a second time
    // (the loop still wakes, to ask for the next frame now that its period is known).
    if (r.ok && r.shown && e.pushedShown && r.pixels === e.pushed) entries = entries.filter((x) => x !== e);
    if (e.due <= performance.now()) o.onLateArrival();
  }

  return {
    /** A new dwell: frames for `mode` from wall time `wallStart` (= performance time `perfStart`). */
    begin(m: string, wallStart: number, perfStart: number, hint: number | null | undefined) {
      generation += 1;
      [mode, wall0, perf0, entries, frameNo] = [m, wallStart, perfStart, [], 0];
      known = hint !== undefined;
      period = hint === undefined ? o.defaultPeriodMs() : hint;
      nextDue = perfStart;
    },
    end() {
      generation += 1;
      [mode, entries, nextDue] = [null, [], null];
    },
    /** Something changed (settings, data): frames rendered before it are dropped and one is drawn now. */
    dirty(now = performance.now()) {
      if (mode === null) return;
      generation += 1;
      entries = entries.filter((e) => e.due <= now && e.state !== 'pending');
      nextDue = now;
    },
    /** Slows the plugin down (CPU budget): frames at least this far apart. */
    setMinPeriod(ms: number) {
      minPeriod = ms;
    },
    period: () => step(),
    /** The period the plugin itself asks for, before any slowing (null: only when something changes). */
    askedPeriod: () => period,
    poll(now: number): FeedPoll {
      issue(now);
      let shown = -1;
      for (let i = 0; i < entries.length && entries[i]!.due <= now; i++) if (entries[i]!.state !== 'pending') shown = i;
      if (shown >= 0) {
        const e = entries[shown]!;
        const dropped = entries.slice(0, shown).filter((x) => x.state === 'ready').length;
        if (dropped) o.onDropped?.(dropped);
        entries = entries.slice(shown + 1);
        issue(now);
        const at = wakeAt(now);
        if (e.state === 'ready') return { frame: e.pixels!, wakeAt: at };
        if (e.state === 'empty') return { nothing: true, wakeAt: at };
        return { failed: e.error ?? 'failed', wakeAt: at };
      }
      const waiting = entries[0];
      if (waiting && waiting.due <= now && waiting.pushed && !waiting.pushedShown) {
        waiting.pushedShown = true;
        return { frame: waiting.pushed, wakeAt: wakeAt(now) };
      }
      if (waiting && waiting.due <= now && now - lateFrom(waiting) > lateFor(waiting))
        return { late: true, wakeAt: null };
      return { wakeAt: wakeAt(now) };
    },
  };

  /** When the loop should look again: the next frame's due time (an overdue one: when it turns late), or when the next must be asked for. */
  function wakeAt(now: number): number | null {
    const first = entries[0];
    let at: number | null = null;
    if (first) at = first.due > now ? first.due : lateFrom(first) + lateFor(first) + 1;
    const ask = nextDue === null ? null : nextDue - reach();
    if (ask !== null && ask > now) at = at === null ? ask : Math.min(at, ask);
    return at;
  }
}

export type FrameFeed = ReturnType<typeof createFrameFeed>;
