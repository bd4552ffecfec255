/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently. Used for
 * saves of one section (until the operation queue serialises them) and around the files.
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
