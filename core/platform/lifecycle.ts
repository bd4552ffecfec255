/**
 * The process's shutdown state shared by the HTTP edge and background work: whether mutations are
 * still accepted, how many requests are in flight, and the signal that aborts remaining work in
 * shutdown's second phase.
 */
export interface Lifecycle {
  readonly draining: boolean;
  readonly inflight: number;
  /** Aborted when shutdown gives up waiting (phase 2); long work listens to it. */
  readonly signal: AbortSignal;
  beginDrain(): void;
  abort(): void;
  /** Counts a request until the returned function is called. */
  enter(): () => void;
  /** Counts a request in; `depart()` counts it out (enter's count without a closure per request). */
  arrive(): void;
  depart(): void;
  /** Resolves once no request is in flight, or after `timeoutMs`; true if it drained. */
  idle(timeoutMs: number): Promise<boolean>;
  /** Calls `listener` each time the last request in flight ends; returns the unsubscribe. */
  onQuiet(listener: () => void): () => void;
}

export function createLifecycle(): Lifecycle {
  const controller = new AbortController();
  let draining = false;
  let inflight = 0;
  let waiters: Array<() => void> = [];
  const quiet = new Set<() => void>();
  const settle = () => {
    if (inflight > 0) return;
    const ws = waiters;
    waiters = [];
    ws.forEach((w) => w());
    quiet.forEach((l) => l());
  };
  return {
    get draining() {
      return draining;
    },
    get inflight() {
      return inflight;
    },
    signal: controller.signal,
    beginDrain() {
      draining = true;
    },
    abort() {
      controller.abort(new Error('shutting down'));
    },
    arrive() {
      inflight += 1;
    },
    depart() {
      inflight -= 1;
      if (inflight === 0) settle();
    },
    enter() {
      inflight += 1;
      let left = false;
      return () => {
        if (left) return;
        left = true;
        inflight -= 1;
        settle();
      };
    },
    onQuiet(listener) {
      quiet.add(listener);
      return () => quiet.delete(listener);
    },
    idle(timeoutMs) {
      if (inflight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== done);
          resolve(false);
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve(true);
        };
        waiters.push(done);
      });
    },
  };
}
