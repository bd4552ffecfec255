/**
 * Lets a loop sleep until either `ms` pass (never, for Infinity: no timer at all), someone calls
 * `wake()`, or its signal aborts. A wake while the loop is busy is remembered, so work enqueued
 * mid-step is not left waiting.
 */
export function createWaker() {
  let pending = false;
  let resolveSleep: (() => void) | null = null;
  return {
    wake(): void {
      pending = true;
      resolveSleep?.();
    },
    sleep(ms: number, signal: AbortSignal): Promise<void> {
      if (pending || signal.aborted) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolveSleep = null;
          pending = false;
          resolve();
        };
        const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
        signal.addEventListener('abort', done, { once: true });
        resolveSleep = done;
      });
    },
  };
}
