import type { FrameSummary, TimingSummary } from '../../shared/frame-timings.ts';

export type { FrameSummary, TimingSummary };

/** Count, average, p95 and max of a duration series, keeping only the last `keep` samples for p95. */
export function createTimings(keep = 256) {
  const ring = new Float64Array(keep);
  let count = 0;
  let sum = 0;
  let max = 0;
  return {
    add(ms: number) {
      ring[count % keep] = ms;
      count += 1;
      sum += ms;
      if (ms > max) max = ms;
    },
    summary(): TimingSummary {
      const n = Math.min(count, keep);
      const sorted = Array.from(ring.subarray(0, n)).sort((a, b) => a - b);
      const round = (v: number) => Math.round(v * 100) / 100;
      return {
        count,
        avg_ms: count ? round(sum / count) : 0,
        p95_ms: n ? round(sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]!) : 0,
        max_ms: round(max),
      };
    },
  };
}

export type Timings = ReturnType<typeof createTimings>;

/** Frame intervals of the render loop: p50/p99/max over a sliding window, and dropped frames. */
export function createFrameStats(windowSize = 4096) {
  const ring = new Float64Array(windowSize);
  let n = 0;
  let last: number | null = null;
  let max = 0;
  let dropped = 0;
  let frames = 0;
  let pushed = 0;
  let gaps = 0;
  return {
    /** A frame was produced at `t` (ms, monotonic); `measure` false: too slow a rate to count as a gap. */
    frame(t: number, measure = true) {
      frames += 1;
      if (!measure) {
        last = null;
        return;
      }
      if (last !== null) {
        const d = t - last;
        ring[n % windowSize] = d;
        n += 1;
        if (d > max) max = d;
        if (d > 50) gaps += 1;
      }
      last = t;
    },
    pushed: () => void (pushed += 1),
    dropped: (count = 1) => void (dropped += count),
    /** Forget the interval across a pause (idle, off, a plugin switch), so it is not counted as a gap. */
    pause: () => void (last = null),
    summary(): FrameSummary {
      const k = Math.min(n, windowSize);
      const sorted = Array.from(ring.subarray(0, k)).sort((a, b) => a - b);
      const at = (p: number) => (k ? Math.round(sorted[Math.min(k - 1, Math.ceil(p * k) - 1)]! * 100) / 100 : 0);
      return {
        frames,
        pushed,
        dropped,
        p50_ms: at(0.5),
        p99_ms: at(0.99),
        max_ms: Math.round(max * 100) / 100,
        gaps_over_50ms: gaps,
      };
    },
  };
}
