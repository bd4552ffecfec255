import { describe, expect, it } from 'vitest';
import { startRuntime, type RuntimeHarness } from '../support/display.ts';

// Row frames in a real display runtime: real plugin hosts, real renders, the emulator panel.

const RED = [200, 0, 0];
const GREEN = [0, 200, 0];
const BLUE = [0, 0, 200];

const first = (rgb: Uint8Array) => [rgb[0], rgb[1], rgb[2]];
const framesOf = (h: RuntimeHarness, id: string) => h.rowFrames.filter((f) => f.id === id);

async function twoPlugins() {
  const h = await startRuntime({
    plugins: { red: {}, green: {}, off: {} },
    config: {
      red: { enabled: true, color: RED, display_duration: 60 },
      green: { enabled: true, color: GREEN, display_duration: 60 },
      off: { enabled: false, color: BLUE },
      display: { plugin_rotation_order: ['red', 'green'] },
    },
  });
  await h.until(() => !!h.runtime.loop.status().plugin_id, 10_000, 'a plugin on screen');
  return h;
}

describe('row frames in the display runtime', () => {
  it('draws nothing off screen while nobody watches', async () => {
    const h = await twoPlugins();
    await h.until(() => h.runtime.runners.get('red')!.eligible() && h.runtime.runners.get('green')!.eligible());
    for (let i = 0; i < 5; i++) h.runtime.tick();
    expect(h.runtime.rows.stats()).toEqual({ watchers: 0, asked: 0, dropped: 0 });
    expect(h.rowFrames).toEqual([]);
    expect(h.rowStates()).toBe(null);
  });

  it('draws the plugin off screen in its own colour, follows its changes, and stops when watching ends', async () => {
    const h = await twoPlugins();
    const screen = h.runtime.loop.status().plugin_id!;
    const other = screen === 'red' ? 'green' : 'red';
    h.runtime.rows.setWatch({ watchers: 1, plugins: null });
    await h.until(() => framesOf(h, other).length > 0, 10_000, 'a row frame');
    expect(first(framesOf(h, other)[0]!.rgb)).toEqual(other === 'red' ? RED : GREEN);
    expect(framesOf(h, screen)).toEqual([]);
    expect(h.rowStates()).toEqual({ red: 'running', green: 'running' });

    // Its settings change: the next row frames show the new colour.
    h.setConfig({
      red: { enabled: true, color: other === 'red' ? BLUE : RED, display_duration: 60 },
      green: { enabled: true, color: other === 'green' ? BLUE : GREEN, display_duration: 60 },
      off: { enabled: false, color: BLUE },
      display: { plugin_rotation_order: ['red', 'green'] },
    });
    await h.until(() => first(framesOf(h, other).at(-1)!.rgb).join() === BLUE.join(), 10_000, 'the new colour');

    h.runtime.rows.setWatch({ watchers: 0, plugins: null });
    const asked = h.runtime.rows.stats().asked;
    for (let i = 0; i < 5; i++) h.runtime.tick();
    expect(h.runtime.rows.stats().asked).toBe(asked);
  });

  it('counts off-screen renders in the plugin’s render account', async () => {
    const h = await twoPlugins();
    const screen = h.runtime.loop.status().plugin_id!;
    const other = screen === 'red' ? 'green' : 'red';
    const before = h.runtime.runners.get(other)!.metrics().render.count;
    h.runtime.rows.setWatch({ watchers: 1, plugins: [other] });
    await h.until(() => framesOf(h, other).length >= 2, 10_000, 'two row frames');
    expect(h.runtime.runners.get(other)!.metrics().render.count).toBeGreaterThanOrEqual(before + 2);
  });
});
