/** A display runtime rotating three colour plugins a, b and c, and waits on what it shows, for the rotation tests. */
import { expect } from 'vitest';
import { startRuntime, type RuntimeHarness } from './display.ts';

export const RED = [255, 0, 0];
export const GREEN = [0, 255, 0];
export const BLUE = [0, 0, 255];
export const showing = (h: RuntimeHarness, id: string) => () => h.runtime.loop.status().plugin_id === id;
export const shown = (h: RuntimeHarness) => h.statuses.filter((s) => s.state === 'showing').map((s) => s.plugin_id);
/**
 * Waits until the loop has drawn `n` more frames: every frame is a pass that read the clock, so a
 * dwell that was due has been acted on by then. The timeout is a safety net, not the claim.
 */
export async function drawn(h: RuntimeHarness, n = 3) {
  const from = h.runtime.loop.stats().frames;
  await h.until(() => h.runtime.loop.stats().frames >= from + n, 15_000, `${n} more frames`);
}

/** Two or three plugins, each its own color, all enabled for 10 s dwells. */
export async function rotation(extra: Record<string, unknown> = {}, settings: Record<string, unknown> = {}) {
  const h = await startRuntime({
    settings,
    plugins: { a: {}, b: {}, c: {} },
    config: {
      a: { enabled: true, color: RED, display_duration: 10 },
      b: { enabled: true, color: GREEN, display_duration: 10 },
      c: { enabled: false, color: BLUE },
      display: { plugin_rotation_order: ['a', 'b'] },
      ...extra,
    },
  });
  await h.until(
    () => ['a', 'b', 'c'].every((id) => !h.runtime.runners.has(id) || h.runtime.runners.get(id)!.eligible()),
    15_000,
    'plugins ready',
  );
  return h;
}

/** Ends dwells until `id` is on screen (whichever plugin loaded first went first). */
export async function until(h: RuntimeHarness, id: string) {
  for (let i = 0; i < 5 && h.runtime.loop.status().plugin_id !== id; i++) {
    const before = h.statuses.length;
    h.clock.advance(15_000);
    await h.until(() => h.statuses.length > before, 15_000, 'next dwell');
  }
  expect(h.runtime.loop.status().plugin_id).toBe(id);
}
