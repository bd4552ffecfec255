/**
 * Where the text plugin is at a moment: which message, and its x position when it scrolls. A pure
 * function of the elapsed time, so the picture does not depend on the frame rate.
 */

/**
 * `items` are `{ width, scrolls }` (text width in pixels); a static one stays `holdMs`, a scrolling
 * one runs from the right edge until it has left on the left at `speed` px/s. The dwell opens with
 * the first message already in place (a scrolling one at x = 0), never on an empty panel.
 */
export function positionAt(items, elapsedMs, { panelWidth, speed, holdMs }) {
  const durations = items.map((it) => (it.scrolls ? ((it.width + panelWidth) / speed) * 1000 : holdMs));
  const cycle = durations.reduce((a, b) => a + b, 0);
  if (!items.length || !(cycle > 0)) return null;
  const lead = items[0].scrolls ? (panelWidth / speed) * 1000 : 0;
  let t = (elapsedMs + lead) % cycle;
  for (let index = 0; index < items.length; index++) {
    if (t < durations[index] || index === items.length - 1) {
      const it = items[index];
      const x = it.scrolls ? Math.round(panelWidth - (t * speed) / 1000) : null;
      return { index, x };
    }
    t -= durations[index];
  }
  return null;
}
