/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently. The config
 * store uses it around the files: saves of different sections run as concurrent operations, but
 * each plans and writes on the content the one before it left.
 */
export function createKeyedLock() {
  const tails = new Map<string, Promise<void>>();
  return {
    async run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((r) => (release = r));
      const tail = previous.then(() => mine);
      tails.set(key, tail);
      await previous;
      try {
        return await task();
      } finally {
        release();
        if (tails.get(key) === tail) tails.delete(key);
      }
    },
    /** Keys with a task running or waiting. */
    busy: () => [...tails.keys()],
  };
}

export type KeyedLock = ReturnType<typeof createKeyedLock>;
