/**
 * When the display looks at what may have changed (config files, the database's data version,
 * plugins' update schedules, hosts' memory). A look costs little; waking the process for one costs
 * more than the look. So a look rides along whenever the process is awake anyway (a round of the
 * render loop) once `minMs` have passed since the last, and the timer wakes the process only when
 * `maxMs` pass without one: `maxMs` bounds how late a change is seen. A clock blinking its colon
 * wakes the display twice a second, and the looks happen at those wake-ups.
 */
export interface ControlTickOptions {
  minMs: number;
  maxMs: number;
  /** Monotonic milliseconds. */
  now: () => number;
  look: () => void;
}

export function createControlTick(o: ControlTickOptions) {
  let last = -Infinity;
  /** A look that failed during a nudge, thrown by the task so its supervisor records it. */
  let failure: { error: unknown } | null = null;
  let rearm: (() => void) | null = null;

  const look = () => {
    last = o.now();
    o.look();
  };

  function sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        rearm = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      rearm = done;
    });
  }

  return {
    /** The process is awake anyway: looks now if `minMs` have passed. Never throws into its caller. */
    nudge() {
      if (failure || o.now() - last < o.minMs) return;
      try {
        look();
      } catch (error) {
        failure = { error };
      }
      // The timer starts again from this look (clearing it wakes nobody).
      rearm?.();
    },
    /** The task's body: looks whenever `maxMs` pass without one. */
    async run(signal: AbortSignal): Promise<void> {
      while (!signal.aborted) {
        if (failure) {
          const { error } = failure;
          failure = null;
          throw error;
        }
        const wait = last + o.maxMs - o.now();
        if (wait <= 0) look();
        else await sleep(wait, signal);
      }
    },
  };
}

export type ControlTick = ReturnType<typeof createControlTick>;
