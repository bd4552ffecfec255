/**
 * Which lanes may have due work, so a claim asks only those (each lane asked is one more query):
 * a lane is marked when an operation of its kind is enqueued or made due, or an attempt in it ends
 * (a follow-up of its key may wait); it is cleared when a claim found fewer due operations than it
 * had free slots. At least every `pollMs`, and when asked (`full`), every lane is asked: retries
 * come due without anyone saying so, and recovery hands rows back.
 */
export function createLaneHints(pollMs: number) {
  const marked = new Set<string>();
  let everything = true;
  let lastFull = -Infinity;
  return {
    /** A lane may have due work; no lane: any may. */
    mark(lane?: string): void {
      if (lane === undefined) everything = true;
      else marked.add(lane);
    },
    /** Whether this claim asks every lane (and then counts it as the last full one). */
    askAll(full = false): boolean {
      if (!full && !everything && performance.now() - lastFull < pollMs) return false;
      everything = false;
      lastFull = performance.now();
      return true;
    },
    isMarked: (lane: string) => marked.has(lane),
    /** After a claim: a lane that got fewer than its free slots has nothing more due. */
    claimed(asked: Record<string, number>, got: ReadonlyMap<string, number>): void {
      for (const [lane, n] of Object.entries(asked)) {
        if ((got.get(lane) ?? 0) < n) marked.delete(lane);
        else marked.add(lane);
      }
    },
  };
}
