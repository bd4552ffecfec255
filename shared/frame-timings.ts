/** How the display's timings are reported (heartbeat `info.frames`, health, the Health page). */

/** Count, average, p95 and max of a duration series. */
export interface TimingSummary {
  count: number;
  avg_ms: number;
  p95_ms: number;
  max_ms: number;
}

/** Frame intervals of the render loop over a sliding window, and frames dropped or pushed. */
export interface FrameSummary {
  frames: number;
  pushed: number;
  dropped: number;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /** Intervals over 50 ms between frames of an animated (≥ 20 fps) plugin: visible stutter. */
  gaps_over_50ms: number;
}
