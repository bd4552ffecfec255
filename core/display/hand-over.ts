import type { PluginRunner } from './plugin-runner.ts';

/**
 * The switch from one dwell to the next without a freeze: the plugin that was on the panel keeps
 * drawing until the next one's first frame arrives, so a switch to a slow or hung plugin stops no
 * animation. One that never drew in its dwell is dropped (the panel still shows the one before).
 */
export function createHandOver(show: (frame: Uint8Array, periodMs: number | null, perf: number) => void) {
  let outgoing: PluginRunner | null = null;

  const drop = () => {
    outgoing?.feed.end();
    outgoing = null;
  };

  return {
    /** A new dwell begins with `next`; `prev` was the dwell before, and whether it drew. */
    select(prev: PluginRunner | null, prevDrew: boolean, next: PluginRunner | null) {
      if (prev && prev !== next) {
        if (!prevDrew) prev.feed.end();
        else {
          if (outgoing && outgoing !== prev) outgoing.feed.end();
          outgoing = prev;
        }
      }
      // The same plugin again: its feed starts over for the new dwell.
      if (outgoing === next) outgoing = null;
    },
    /** The new dwell drew its first frame (or the panel goes off or idle). */
    drop,
    /** While the new dwell has no frame yet: the outgoing plugin's due frame; when it is due next. */
    feed(perf: number): number | null {
      if (!outgoing) return null;
      const got = outgoing.feed.poll(perf);
      if (got.nothing || got.failed || got.late) return (drop(), null);
      if (got.frame) show(got.frame, outgoing.feed.period(), perf);
      return got.wakeAt;
    },
  };
}
