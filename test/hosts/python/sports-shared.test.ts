import { afterEach, describe, expect, it } from 'vitest';
import { startEspnServer, type EspnServer } from './espn-server.ts';
import { initHost, installFixtures, loadPlugin, render, startHost } from './host-client.ts';

let server: EspnServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function sharedHost(width: number, height: number, config: Record<string, unknown> = {}) {
  server ??= await startEspnServer();
  const { plugins } = installFixtures(['sports-shared']);
  const host = startHost();
  await initHost(host, { width, height });
  expect(await loadPlugin(host, plugins['sports-shared']!, { base_url: server.url, ...config })).toMatchObject({
    t: 'done',
  });
  expect((await host.request('update', { plugin_id: 'sports-shared' })).reply).toMatchObject({ t: 'done' });
  const { reply } = await host.request('action', { plugin_id: 'sports-shared', action: 'info' });
  expect(reply.t).toBe('done');
  return { host, info: reply.result as Record<string, any> };
}

function colours(rgb: Buffer): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < rgb.length; i += 3) seen.add(`${rgb[i]},${rgb[i + 1]},${rgb[i + 2]}`);
  return seen;
}

describe("Python host: LEDMatrix 3.3's src.common.sports_shared", () => {
  it('fetches the week, picks favourites first and writes dates and times as the card settings say', async () => {
    const { info } = await sharedHost(64, 32);
    expect(info.games).toEqual(['401', '402', '403']);
    // One game per favourite first (NYR's live game), then one other, in schedule order.
    expect(info.selection).toEqual([
      ['402', '401'],
      ['402', '401', '403'],
    ]);
    expect(info.dates).toEqual({
      numeric: '9/19',
      abbrev: 'Sep 19',
      day_first: '19 Sep',
      numeric_day_first: '19/9',
      weekday: 'Fri Sep 19',
      inherit: 'Sep 19',
    });
    expect(info.times).toEqual(['19:05', '00:30', 'soon']);
    expect(info.result).toEqual(['win', [0, 255, 0]]);
    expect(info.divisions).toEqual([['fbs'], [], [], []]);
    expect(info.quality).toBe('ranked');
    expect(info.game_divisions).toEqual(['fbs', 'other']);
  });

  it('snaps schema-default font sizes to the pixel grid and grows the score only on a taller panel', async () => {
    const { info } = await sharedHost(64, 32);
    expect(info.crisp).toEqual([8, 7, 9]);
    expect(info.sizes).toEqual({ score: 8, time: 8 });
    expect(info.shared_face_split).toBe(true);
    expect((await sharedHost(128, 64)).info.sizes).toEqual({ score: 16, time: 8 });
    // A size the user chose (not the schema's default) is kept as it is.
    const chosen = await sharedHost(128, 64, { customization: { score_text: { font_size: 12 } } });
    expect(chosen.info.sizes.score).toBe(12);
  });

  it('backs off idle live polling, drops stale and finished games, and sets up the recent screen', async () => {
    const { info } = await sharedHost(64, 32);
    expect(info.idle).toEqual([300, 600, 900]);
    expect(info.stale_kept).toEqual(['fresh']);
    expect(info.recent).toEqual([3600, 15, 0]);
  });

  for (const width of [64, 128]) {
    it(`draws an upcoming card's middle in the element colours at ${width}x32`, async () => {
      const { host } = await sharedHost(width, 32, {
        customization: { period_text: { text_color: [255, 0, 0] } },
      });
      const card = await render(host, 'sports-shared');
      expect(card.reply).toMatchObject({ t: 'done', shown: true });
      const seen = colours(card.frames.at(-1)!.payload);
      // The date and time in the clock's colour, the "@" separator in the score's (white).
      expect(seen.has('255,0,0')).toBe(true);
      expect(seen.has('255,255,255')).toBe(true);
    });
  }
});
