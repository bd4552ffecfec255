/**
 * When the display looks at what may have changed (config files, the database's data version,
 * plugins' update schedules, hosts' memory). A look costs little; waking the process for one costs
 * more than the look. So looks ride on the render loop's rounds: a round looks once `minMs` have
 * passed since the last look, and the loop sleeps no longer than `dueInMs()`, so a look comes at
 * least every `maxMs` (how late a change may be seen) without a timer of its own. A clock blinking
 * its colon wakes the display twice a second, and the looks happen at those wake-ups.
 *
 * A timer of its own would cost more than its wake-ups: a timer put off (cleared and set again)
 * still wakes the process at its first due time, as Node keeps the earliest deadline it was given.
 * `run()` is only the stand-in while the loop is not going round (restarting after a crash): it
 * looks when `fallbackMs` pass without a look, and throws what a look during a round threw.
 */
import { abortableDelay } from '../platform/delay.ts';

export interface ControlTickOptions {
  minMs: number;
  maxMs: number;
  /** The stand-in's period; far longer than `maxMs`. */
  fallbackMs: number;
  /** Monotonic milliseconds. */
  now: () => number;
  look: () => void;
}

export function createControlTick(o: ControlTickOptions) {
  let last = -Infinity;
  /** A look that failed during a round, thrown by the task so its supervisor records it. */
  let failure: { error: unknown } | null = null;

  const look = () => {
    last = o.now();
    o.look();
  };

  return {
    /** A round of the loop: looks now if `minMs` have passed. Never throws into the loop. */
    nudge() {
      if (failure || o.now() - last < o.minMs) return;
      try {
        look();
      } catch (error) {
        failure = { error };
      }
    },
    /** How long the loop may sleep before the next look is due (never 0: a loop that never sleeps starves the rest). */
    dueInMs: () => (failure ? o.maxMs : Math.max(1, last + o.maxMs - o.now())),
    /** The task's body: the stand-in for a loop that is not going round. */
    async run(signal: AbortSignal): Promise<void> {
      while (!signal.aborted) {
        if (failure) {
          const { error } = failure;
          failure = null;
          throw error;
        }
        if (o.now() - last >= o.fallbackMs) look();
        await abortableDelay(Math.max(1, last + o.fallbackMs - o.now()), signal);
      }
    },
  };
}

export type ControlTick = ReturnType<typeof createControlTick>;
