/** Callers waiting for operations to finish, woken by the runner; nothing is polled. */
export function createWaiters() {
  const byId = new Map<string, Set<() => void>>();
  return {
    /** Resolves when `notify(id)` is called, after `ms`, or when `signal` aborts, whichever is first. */
    wait(id: string, ms: number, signal?: AbortSignal): Promise<void> {
      return new Promise((resolve) => {
        const set = byId.get(id) ?? new Set();
        byId.set(id, set);
        const done = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          set.delete(done);
          if (!set.size && byId.get(id) === set) byId.delete(id);
          resolve();
        };
        const timer = setTimeout(done, ms);
        set.add(done);
        if (signal?.aborted) done();
        else signal?.addEventListener('abort', done, { once: true });
      });
    },
    notify(id: string): void {
      byId.get(id)?.forEach((done) => done());
    },
  };
}
