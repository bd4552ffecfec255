import { afterEach, describe, expect, it } from 'vitest';
import { startEspnServer, type EspnServer } from './espn-server.ts';
import { initHost, installFixtures, loadPlugin, render, startHost, type HostClient } from './host-client.ts';

let server: EspnServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function pixel(rgb: Buffer, width: number, x: number, y: number): number[] {
  const i = (y * width + x) * 3;
  return [rgb[i]!, rgb[i + 1]!, rgb[i + 2]!];
}

function lit(rgb: Buffer): boolean {
  return rgb.some((v) => v !== 0);
}

async function info(host: HostClient, id: string) {
  const { reply } = await host.request('action', { plugin_id: id, action: 'info' });
  expect(reply.t).toBe('done');
  return reply.result as Record<string, any>;
}

async function scoreboardHost(width: number, config: Record<string, unknown>) {
  const { plugins } = installFixtures(['espn-scores']);
  const host = startHost();
  await initHost(host, { width, height: 32 }, { facts: { timezone: 'America/New_York' } });
  expect(await loadPlugin(host, plugins['espn-scores']!, config)).toMatchObject({
    t: 'done',
    modes: ['nhl_live', 'nhl_recent', 'nhl_upcoming'],
  });
  return host;
}

describe('Python host: the sports base classes, odds and logos', () => {
  for (const width of [64, 128]) {
    it(`draws live, recent and upcoming NHL cards from a scoreboard served on loopback at ${width}x32`, async () => {
      server = await startEspnServer();
      const host = await scoreboardHost(width, { base_url: server.url });
      expect((await host.request('update', { plugin_id: 'espn-scores' })).reply).toMatchObject({ t: 'done' });
      const state = await info(host, 'espn-scores');
      expect(state.nhl_live.games).toEqual(['BOS@NYR 2-3 P2 12:34']);
      expect(state.nhl_live.odds).toEqual(['Spread: -1.5 | O/U: 6.5 | Home ML: -150']);
      expect(state.nhl_recent.games).toEqual(['TOR@MTL 2-3 Final']);
      expect(state.nhl_upcoming.games).toHaveLength(1);
      expect(state.nhl_upcoming.odds).toEqual(['No odds available']);

      const live = await render(host, 'espn-scores', { mode: 'nhl_live' });
      expect(live.reply).toMatchObject({ t: 'done', shown: true });
      const frame = live.frames.at(-1)!.payload;
      // The away team's logo (BOS, red) at the left edge, the home team's (NYR, blue) at the right.
      expect(pixel(frame, width, 1, 16)).toEqual([255, 0, 0]);
      expect(pixel(frame, width, width - 2, 16)).toEqual([0, 0, 255]);
      expect((await info(host, 'espn-scores')).nhl_live.logos).toEqual(['BOS', 'NYR']);

      for (const mode of ['nhl_recent', 'nhl_upcoming']) {
        const card = await render(host, 'espn-scores', { mode });
        expect(card.reply).toMatchObject({ t: 'done', shown: true });
        expect(lit(card.frames.at(-1)!.payload)).toBe(true);
      }
      // Logos are fetched once per team, then drawn from the plugin's own data folder.
      const logoHits = server.hits.filter((h) => h.startsWith('/logos/'));
      expect(new Set(logoHits).size).toBe(logoHits.length);
    });
  }

  it('shows nothing, without an error, when ESPN is unreachable, never answers, or answers HTML', async () => {
    server = await startEspnServer();
    for (const base of ['http://127.0.0.1:9', `${server.url}/slow`, `${server.url}/html`]) {
      const host = await scoreboardHost(64, { base_url: base, nhl_scoreboard: { request_timeout: 1 } });
      expect((await host.request('update', { plugin_id: 'espn-scores' })).reply).toMatchObject({ t: 'done' });
      expect((await info(host, 'espn-scores')).nhl_live.games).toEqual([]);
      const card = await render(host, 'espn-scores', { mode: 'nhl_recent' });
      expect(card.reply).toMatchObject({ t: 'done', shown: false });
      expect(card.frames).toHaveLength(0);
    }
    expect(server.hits.filter((h) => h.startsWith('/slow/site/hockey/nhl/scoreboard')).length).toBeGreaterThan(0);
  });
});

async function cardHost(config: Record<string, unknown>, width = 64) {
  const { plugins } = installFixtures(['styled-card']);
  const host = startHost();
  await initHost(host, { width, height: 32 });
  expect(await loadPlugin(host, plugins['styled-card']!, config)).toMatchObject({ t: 'done' });
  return host;
}

describe('Python host: element styles, adaptive layout and the background data service', () => {
  it("applies the user's style over the schema's defaults, fits fetched text, and resolves a poll", async () => {
    server = await startEspnServer();
    const customization = {
      title_text: { font: 'PressStart2P-Regular.ttf', font_size: 8, text_color: [255, 0, 0] },
      layout: { title: { x_offset: 2, y_offset: '1' } },
    };
    const host = await cardHost({ base_url: server.url, customization });
    expect((await host.request('update', { plugin_id: 'styled-card' })).reply.t).toBe('done');
    const state = await info(host, 'styled-card');
    expect(state.title).toEqual({
      font: 'PressStart2P-Regular.ttf',
      size: 8,
      color: [255, 0, 0],
      offset: [2, 1],
      forced: false,
    });
    expect(state.headline).toEqual({ title: 'Hi' });
    expect(state.teams).toEqual(['T1', 'T2', 'T3', 'UGA']);
    expect(state.results).toEqual([{ success: true, error: null, data: { text: 'Fitted quote' } }]);
    expect(state.statuses).toEqual(['FetchStatus.COMPLETED']);
    expect(state.layout).toEqual({ tier: 'sm', scale: 1 });
    const { frames } = await render(host, 'styled-card');
    const frame = frames.at(-1)!.payload;
    // Red title text near the top left (offset 2,1); the green quote in the lower two thirds.
    let red = 0;
    let green = 0;
    for (let y = 0; y < 32; y++)
      for (let x = 0; x < 64; x++) {
        const [r, g, b] = pixel(frame, 64, x, y);
        if (r === 255 && g === 0 && b === 0) red += y < 11 ? 1 : -1000;
        if (r === 0 && g === 255 && b === 0) green += y >= 11 ? 1 : -1000;
      }
    expect(red).toBeGreaterThan(10);
    expect(green).toBeGreaterThan(10);
    const blueColumns = new Set<number>();
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 64; x++) if (pixel(frame, 64, x, y).join() === '0,0,255') blueColumns.add(x);
    expect(blueColumns.size).toBeGreaterThan(0);
    expect(Math.min(...blueColumns)).toBeGreaterThanOrEqual(64 - 8);
    // The second update is answered from the cache for the headline.
    await host.request('update', { plugin_id: 'styled-card' });
    expect(server.hits.filter((h) => h === '/headline')).toHaveLength(1);
  });

  it('keeps at most 16 fetches waiting, refuses the rest at once, and ends each that never answers', async () => {
    server = await startEspnServer();
    const host = await cardHost({ base_url: server.url, fetches: 18, fetch_path: '/slow' });
    expect((await host.request('update', { plugin_id: 'styled-card' })).reply.t).toBe('done');
    const state = await info(host, 'styled-card');
    expect(state.results).toHaveLength(18);
    const refused = state.results.filter((r: any) => /already waiting/.test(r.error ?? ''));
    expect(refused).toHaveLength(2);
    expect(state.results.filter((r: any) => /in time|timed out/.test(r.error ?? ''))).toHaveLength(16);
    expect(state.stats).toMatchObject({
      rejected_requests: 2,
      failed_requests: 16,
      active_requests: 0,
      max_workers: 3,
    });
  });
});

describe("Python host: a scoreboard's time zone", () => {
  it("takes the plugin's own zone, then the device's, skipping unknown zones and a mistaken 'UTC'", async () => {
    const { plugins } = installFixtures(['sports-tz']);
    const host = startHost();
    await initHost(host, { width: 64, height: 32 }, { facts: { timezone: 'America/New_York' } });
    expect(await loadPlugin(host, plugins['sports-tz']!, { timezone: 'Australia/Adelaide' })).toMatchObject({
      t: 'done',
    });
    const state = await info(host, 'sports-tz');
    expect(state.names).toEqual({
      none: 'America/New_York',
      own: 'Asia/Tokyo',
      unknown: 'America/New_York',
      utc: 'UTC',
      etc_utc: 'Etc/UTC',
      utc_written_back: 'America/New_York',
      etc_utc_written_back: 'Etc/UTC',
    });
    expect(state.own_settings).toBe('Australia/Adelaide');
    expect(state.offset_july).toBe(9.5);
    expect(state.system_is_text_or_none).toBe(true);
  });
});
