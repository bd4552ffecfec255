import { describe, expect, it } from 'vitest';
import { initHost, installFixtures, loadPlugin, render, startHost, type HostClient } from './host-client.ts';

async function tickerHost(config: Record<string, unknown>) {
  const { plugins } = installFixtures(['ticker']);
  const host = startHost();
  await initHost(host, { width: 64, height: 32 });
  expect(await loadPlugin(host, plugins.ticker!, config)).toMatchObject({ t: 'done', fps: 125 });
  return host;
}

async function info(host: HostClient) {
  const { reply } = await host.request('action', { plugin_id: 'ticker', action: 'info' });
  expect(reply.t).toBe('done');
  return reply.result as Record<string, any>;
}

/** Renders until the strip has moved `past` pixels, checking every step lands on a whole pixel. */
async function scrollPast(host: HostClient, past: number) {
  const positions: number[] = [];
  for (let i = 0; i < 5000 && (positions.at(-1) ?? 0) < past; i++) {
    const shown = await render(host, 'ticker', { frame_no: i });
    expect(shown.reply).toMatchObject({ t: 'done', shown: true });
    positions.push((await info(host)).position);
  }
  return positions;
}

describe('Python host: scroll pacing as LEDMatrix 3.4 tickers ask for it', () => {
  it('snaps the speed to whole pixels, takes frame_hold, and moves the strip a whole pixel at a time', async () => {
    const host = await tickerHost({});
    // global.display: 1 px every 0.02 s is 50 px/s, which a 100 Hz panel shows as 1 px every 2nd refresh.
    expect(await info(host)).toMatchObject({
      pixels_per_second: 50,
      frame_hold: 2,
      source: 'global display.scroll_speed/delay',
    });
    const positions = await scrollPast(host, 3);
    expect(positions.at(-1)).toBeGreaterThanOrEqual(3);
    expect(positions.every((p) => Number.isInteger(p))).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect((await info(host)).display_frame_hold).toBe(2);
    // A scroll manager's `reset()` puts the strip back to its start.
    const { reply } = await host.request('action', { plugin_id: 'ticker', action: 'web_ui:rewind' });
    expect(reply).toMatchObject({ t: 'done', result: { position: 0 } });
  });

  it('takes a plugin-level speed over the global one, clamped to what a panel can show', async () => {
    const host = await tickerHost({ display: { scroll_speed: 40, scroll_delay: 0.01 } });
    expect(await info(host)).toMatchObject({ pixels_per_second: 500, source: 'display.scroll_speed/delay' });
    const slow = await tickerHost({ scroll_pixels_per_second: 30 });
    expect(await info(slow)).toMatchObject({ frame_hold: 3, source: 'scroll_pixels_per_second' });
    expect((await info(slow)).pixels_per_second).toBeCloseTo(33.33, 1);
  });
});
