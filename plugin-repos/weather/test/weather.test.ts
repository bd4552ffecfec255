import fs from 'node:fs';
import path from 'node:path';
import { delay, http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Frame } from '../../../core/render/frame.ts';
import { frameInfo, pluginContext } from '../../../test/support/plugin-context.ts';
import { useUpstream } from '../../../test/support/upstream.ts';
import Weather from '../index.mjs';

const API = 'https://weather.example.test/v1/forecast';
const BODY = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'forecast.json'), 'utf8'));
const NOW = Date.parse('2026-03-14T15:09:26Z');
const CONFIG = { latitude: 32.7767, longitude: -96.797, api_url: API, update_interval: 900 };
const upstream = useUpstream();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

const answer = (respond: (info: { request: Request }) => Response | Promise<Response>) =>
  upstream.use(http.get(API, respond));
const update = (
  w: { update(o: { signal: AbortSignal; deadline: number }): Promise<{ retryInSeconds: number } | void> },
  deadlineMs = 30_000,
) => w.update({ signal: new AbortController().signal, deadline: Date.now() + deadlineMs });

function weather(config: Record<string, unknown> = CONFIG, cache: Record<string, unknown> = {}, host = {}) {
  const t = pluginContext({ id: 'weather', config, cache, host });
  return { ...t, plugin: new Weather(t.ctx) };
}
function render(
  plugin: InstanceType<typeof Weather>,
  mode = 'weather',
  now = Date.now(),
  size: [number, number] = [64, 32],
) {
  const frame = new Frame(...size);
  return { drew: plugin.render(frame, frameInfo(frame, now, mode)), frame };
}

describe('weather from Open-Meteo', () => {
  it('asks for the configured place and units, then shows conditions and the forecast', async () => {
    let url: URL | null = null;
    answer(({ request }) => ((url = new URL(request.url)), HttpResponse.json(BODY)));
    const { plugin, cacheWrites } = weather({ ...CONFIG, units: 'metric' });
    await update(plugin);
    expect(Object.fromEntries(url!.searchParams)).toMatchObject({
      latitude: '32.7767',
      longitude: '-96.7970',
      temperature_unit: 'celsius',
      forecast_days: '3',
      timezone: 'auto',
    });
    expect(cacheWrites.map((w) => w.key)).toEqual(['forecast']);
    for (const mode of ['weather', 'daily_forecast']) {
      const r = render(plugin, mode);
      expect(r.drew).toBe(true);
      expect(r.frame.clipped).toBe(0);
    }
  });

  it('makes at most one request per update interval, and none while the data is fresh', async () => {
    answer(() => HttpResponse.json(BODY));
    const { plugin } = weather();
    await update(plugin);
    await update(plugin);
    vi.setSystemTime(NOW + 10 * 60_000);
    await update(plugin);
    expect(upstream.calls).toHaveLength(1);
    vi.setSystemTime(NOW + 15 * 60_000);
    await update(plugin);
    await update(plugin);
    expect(upstream.calls).toHaveLength(2);
  });

  it('makes no request after a restart while the cached data is fresh, and one when the place changed', async () => {
    answer(() => HttpResponse.json(BODY));
    const first = weather();
    await update(first.plugin);
    const cached = { forecast: first.cacheWrites[0]!.value };
    vi.setSystemTime(NOW + 60_000);
    const restarted = weather(CONFIG, cached);
    expect(render(restarted.plugin).drew).toBe(true);
    await update(restarted.plugin);
    expect(upstream.calls).toHaveLength(1);
    const moved = weather({ ...CONFIG, latitude: 51.5, longitude: -0.12 }, cached);
    expect(render(moved.plugin).drew).toBe(false);
    await update(moved.plugin);
    expect(upstream.calls).toHaveLength(2);
  });

  it('uses the device location when the plugin has none, and waits quietly for one when neither has', async () => {
    answer(() => HttpResponse.json(BODY));
    const none = weather({ api_url: API });
    await update(none.plugin);
    await update(none.plugin);
    expect(upstream.calls).toHaveLength(0);
    expect(render(none.plugin).drew).toBe(false);
    expect(none.logs.filter((l) => l.level === 'warn')).toHaveLength(1);
    const device = weather({ api_url: API }, {}, { location: { city: 'Dallas', lat: 32.78, lon: -96.8 } });
    await update(device.plugin);
    expect(upstream.calls[0]).toContain('latitude=32.7800');
  });

  it('sends the API key only when one is set (the commercial endpoint)', async () => {
    const keys: Array<string | null> = [];
    answer(({ request }) => (keys.push(new URL(request.url).searchParams.get('apikey')), HttpResponse.json(BODY)));
    await update(weather(CONFIG).plugin);
    await update(weather({ ...CONFIG, api_key: 's3cret' }).plugin);
    expect(keys).toEqual([null, 's3cret']);
  });
});

describe('weather when the upstream fails', () => {
  it('an upstream 500 is not an error: nothing shown, one warning, earlier tries while there is nothing to show', async () => {
    answer(() => new HttpResponse('busy', { status: 500 }));
    const { plugin, logs } = weather();
    // 30 s, doubling, never past the update interval (900 s).
    const hints = [];
    for (let i = 0; i < 7; i++) hints.push((await update(plugin))?.retryInSeconds);
    expect(hints).toEqual([30, 60, 120, 240, 480, 900, 900]);
    expect(upstream.calls).toHaveLength(7);
    expect(render(plugin).drew).toBe(false);
    const warnings = logs.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.fields).toEqual({ reason: 'Open-Meteo answered HTTP 500' });
    answer(() => HttpResponse.json(BODY));
    await expect(update(plugin)).resolves.toBeUndefined();
    answer(() => new HttpResponse('busy', { status: 500 }));
    vi.setSystemTime(NOW + 15 * 60_000);
    // Recent data still shown: the next try waits for the interval, and a later loss starts at 30 s again.
    await expect(update(plugin)).resolves.toBeUndefined();
    vi.setSystemTime(NOW + 60 * 60_000);
    expect((await update(plugin))?.retryInSeconds).toBe(30);
  });

  it('gives up on an upstream that does not answer before its deadline, without throwing', async () => {
    answer(async () => {
      await delay('infinite');
      return HttpResponse.json(BODY);
    });
    const { plugin, logs } = weather();
    const timeout = vi.spyOn(AbortSignal, 'timeout');
    await expect(update(plugin, 1_300)).resolves.toEqual({ retryInSeconds: 30 });
    // It waits at most until a second before the display's deadline: 300 ms of the 1.3 s it was given.
    const waited = timeout.mock.calls.map(([ms]) => ms);
    expect(waited).toHaveLength(1);
    expect(waited[0]).toBeLessThanOrEqual(300);
    timeout.mockRestore();
    expect(logs.at(-1)).toMatchObject({ level: 'warn', fields: { reason: 'Open-Meteo did not answer in time' } });
    expect(render(plugin).drew).toBe(false);
  });

  it('refuses a malformed body whole and keeps showing nothing', async () => {
    const bodies = [
      () => HttpResponse.json({ current: { temperature_2m: 'warm' } }),
      () => HttpResponse.json({ ...BODY, daily: { ...BODY.daily, temperature_2m_max: [75.2] } }),
      () => new HttpResponse('<html>maintenance</html>', { headers: { 'content-type': 'text/html' } }),
    ];
    for (const body of bodies) {
      answer(body);
      const { plugin, logs, cacheWrites } = weather();
      await expect(update(plugin)).resolves.toEqual({ retryInSeconds: 30 });
      expect(cacheWrites).toEqual([]);
      expect(render(plugin).drew).toBe(false);
      expect(logs.filter((l) => l.level === 'warn')).toHaveLength(1);
    }
  });

  it('keeps showing recent data through an outage, and stops once it is too old to trust', async () => {
    answer(() => HttpResponse.json(BODY));
    const { plugin, logs } = weather();
    await update(plugin);
    answer(() => HttpResponse.error());
    vi.setSystemTime(NOW + 15 * 60_000);
    await update(plugin);
    expect(logs.at(-1)).toMatchObject({ level: 'warn', msg: expect.stringContaining('retrying') });
    expect(render(plugin, 'weather', NOW + 20 * 60_000).drew).toBe(true);
    expect(render(plugin, 'weather', NOW + 31 * 60_000).drew).toBe(false);
    answer(() => HttpResponse.json(BODY));
    vi.setSystemTime(NOW + 31 * 60_000);
    await update(plugin);
    expect(render(plugin, 'weather', NOW + 31 * 60_000).drew).toBe(true);
    expect(logs.at(-1)).toMatchObject({ level: 'info', msg: 'weather data is back' });
  });
});
