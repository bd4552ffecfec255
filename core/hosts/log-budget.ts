/**
 * A per-plugin log budget: at most `max` lines per `windowMs`; the rest are dropped and counted,
 * and one line says how many when the next window opens. A chatty plugin must not flood the
 * journal (and the SD card under it).
 */
export function createLogBudget(now: () => number, max = 20, windowMs = 10_000) {
  let windowStart = now();
  let used = 0;
  let dropped = 0;
  return {
    /** Whether this line may be written; `report` gets the count dropped in the last window. */
    take(report: (dropped: number) => void): boolean {
      const t = now();
      if (t - windowStart >= windowMs || t < windowStart) {
        if (dropped) report(dropped);
        [windowStart, used, dropped] = [t, 0, 0];
      }
      if (used < max) return ((used += 1), true);
      dropped += 1;
      return false;
    },
  };
}
