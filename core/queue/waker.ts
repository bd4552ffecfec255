/**
 * Lets a loop sleep until either `ms` pass (never, for Infinity: no timer at all), someone calls
 * `wake()`, or its signal aborts. A wake while the loop is busy is remembered, so work enqueued
 * mid-step is not left waiting. Resolves with whether the time ran out (nobody woke it).
 */
export function createWaker() {
  let pending = false;
  let resolveSleep: (() => void) | null = null;
  return {
    wake(): void {
      pending = true;
      resolveSleep?.();
    },
    sleep(ms: number, signal: AbortSignal): Promise<boolean> {
      if (pending || signal.aborted) {
        pending = false;
        return Promise.resolve(false);
      }
      return new Promise((resolve) => {
        const done = (timedOut = false) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', aborted);
          resolveSleep = null;
          pending = false;
          resolve(timedOut);
        };
        const timer = Number.isFinite(ms) ? setTimeout(() => done(true), ms) : undefined;
        const aborted = () => done();
        signal.addEventListener('abort', aborted, { once: true });
        resolveSleep = done;
      });
    },
  };
}
