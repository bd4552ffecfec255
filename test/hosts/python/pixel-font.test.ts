import { describe, expect, it } from 'vitest';
import { initHost, installFixtures, loadPlugin, render, startHost, type HostClient } from './host-client.ts';

async function info(host: HostClient, id: string) {
  const { reply } = await host.request('action', { plugin_id: id, action: 'info' });
  expect(reply.t).toBe('done');
  return reply.result as Record<string, any>;
}

/** How many pixel rows of an RGB frame have something lit. */
function litRowSpan(rgb: Buffer, width: number, height: number): number {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    if (rgb.subarray(y * width * 3, (y + 1) * width * 3).some((v) => v !== 0)) rows.push(y);
  }
  return rows.length ? rows.at(-1)! - rows[0]! + 1 : 0;
}

async function hostWith(size: number) {
  const { plugins } = installFixtures(['pixel-font']);
  const host = startHost();
  await initHost(host, { width: 64, height: 32 });
  expect(await loadPlugin(host, plugins['pixel-font']!, { size })).toMatchObject({ t: 'done' });
  return host;
}

describe("Python host: LEDMatrix's 4x6 TrueType font", () => {
  it('loads at 7 and 12 px as well as 6, as plugins whose settings name a size ask for it', async () => {
    const spans: number[] = [];
    for (const size of [6, 7, 12]) {
      const host = await hostWith(size);
      const { reply, frames } = await render(host, 'pixel-font');
      expect(reply).toMatchObject({ t: 'done', shown: true });
      spans.push(litRowSpan(frames.at(-1)!.payload, 64, 32));
      const state = await info(host, 'pixel-font');
      expect(state.size).toBe(size);
      expect(state.box[3] - state.box[1]).toBeGreaterThanOrEqual(size);
    }
    // "4x6": its digits are 5 pixels tall at 6 px, and grow with the size.
    expect(spans[0]).toBe(5);
    expect(spans[1]).toBeGreaterThanOrEqual(6);
    expect(spans[2]).toBeGreaterThanOrEqual(9);
  });

  it('draws every printable character at 6 px as the 4x6 BDF font does: pixels, box and width', async () => {
    const host = await hostWith(6);
    expect((await info(host, 'pixel-font')).differ_at_6px).toEqual([]);
  });
});
