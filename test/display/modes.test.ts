import { describe, expect, it } from 'vitest';
import { startRuntime } from '../support/display.ts';

const RED = [255, 0, 0];
const GREEN = [0, 255, 0];

describe('display modes', () => {
  it('a plugin with several display modes shows each of them in turn, each for its duration', async () => {
    const h = await startRuntime({
      plugins: { multi: { display_modes: ['clock', 'weather'] }, b: {} },
      config: {
        multi: { enabled: true, color: RED, display_duration: 10 },
        b: { enabled: true, color: GREEN, display_duration: 10 },
        display: { plugin_rotation_order: ['multi', 'b'] },
      },
    });
    await h.until(() => ['multi', 'b'].every((id) => h.runtime.runners.get(id)?.eligible()), 5000, 'plugins ready');
    await h.until(() => h.runtime.loop.status().state === 'showing', 2000, 'showing');
    // The test plugin draws its mode's name length (clock 5, weather 7) in the bottom-right pixel's red.
    const corner = () => h.pixel(31, 15)[0];
    const seen: string[] = [];
    for (let i = 0; i < 7; i++) {
      const s = h.runtime.loop.status();
      seen.push(`${s.plugin_id}/${s.mode}`);
      if (s.plugin_id === 'multi') expect(corner()).toBe(s.mode!.length);
      const before = h.statuses.length;
      h.clock.advance(10_000);
      await h.until(() => h.statuses.length > before, 2000, 'next dwell');
    }
    // Whichever came first, the cycle is multi/clock → multi/weather → b → multi/clock.
    const start = seen.indexOf('multi/clock');
    expect(start).toBeGreaterThanOrEqual(0);
    expect(seen.slice(start, start + 4)).toEqual(['multi/clock', 'multi/weather', 'b/b', 'multi/clock']);
    const weather = h.statuses.find((s) => s.mode === 'weather')!;
    expect(weather.until! - weather.since).toBe(10_000);
  });
});
