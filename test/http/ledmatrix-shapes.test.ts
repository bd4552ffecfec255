/** LEDMatrix's shapes where Marquee's differ: display/current as JSON, health and metrics field names. */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { closedBreaker, recordFailure, recordSuccess } from '../../core/display/breaker.ts';
import { writeHealth } from '../../core/display/health-store.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { writeConfig, writePlugin } from '../support/display.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { startFixtureServer } from '../support/process.ts';

describe("health and metrics with LEDMatrix's names", () => {
  it('is_healthy, total_successes, success_rate and the times in Unix seconds, beside Marquee’s', async () => {
    const deps = testDeps();
    writePlugin(deps.settings.pluginsDir, 'clock');
    await discoverPlugins(deps);
    const t = deps.clock.now();
    let b = recordSuccess(closedBreaker(), 'render', t - 5_000);
    for (let i = 0; i < 3; i++) b = recordFailure(b, 'render', 'boom', t);
    const metrics = {
      update: { count: 2, avg_ms: 5, p95_ms: 6, max_ms: 6 },
      render: { count: 9, avg_ms: 1, p95_ms: 2, max_ms: 3 },
    };
    writeHealth(deps.db.sqlite, 'clock', b, metrics, t);
    const { app } = await testApp(deps);
    const expected = {
      is_healthy: false,
      total_successes: 8,
      success_rate: 72.73,
      last_success_time: Math.round((t - 5_000) / 1000),
      last_failure_time: Math.round(t / 1000),
    };
    const health = (await (await app.request('/api/v3/plugins/health')).json()).data.clock;
    expect(health).toMatchObject({ healthy: false, circuit_state: 'open', ...expected });
    const one = (await (await app.request('/api/v3/plugins/metrics/clock')).json()).data;
    expect(one).toMatchObject({ render: { count: 9 }, ...expected });
  });

  it('a plugin with no calls yet: healthy, no successes, a rate of 0', async () => {
    const deps = testDeps();
    writePlugin(deps.settings.pluginsDir, 'clock');
    await discoverPlugins(deps);
    const { app } = await testApp(deps);
    const health = (await (await app.request('/api/v3/plugins/health/clock')).json()).data;
    expect(health).toMatchObject({ is_healthy: true, total_successes: 0, success_rate: 0, last_success_time: null });
  });
});

describe('GET /api/v3/display/current as JSON', () => {
  it('without a display: image null and the configured size; a PNG request stays a 503', async () => {
    const deps = testDeps();
    writeConfig(deps.settings.configDir, { display: { hardware: { rows: 16, cols: 32, chain_length: 2 } } });
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/display/current', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual({
      timestamp: expect.any(String),
      width: 64,
      height: 16,
      brightness: null,
      image: null,
    });
    const png = await app.request('/api/v3/display/current', { headers: { accept: 'image/png, application/json' } });
    expect(png.status).toBe(503);
  });

  it('with the display running: the frame as a base64 PNG of the panel size', async () => {
    const server = await startFixtureServer();
    await server.waitForLog((l) => l.msg === 'first frame');
    const res = await fetch(`${server.url}/api/v3/display/current`, { headers: { accept: 'application/json' } });
    const { data } = await res.json();
    expect(data).toMatchObject({ width: 64, height: 32, brightness: expect.any(Number) });
    const png = PNG.sync.read(Buffer.from(data.image, 'base64'));
    expect([png.width, png.height]).toEqual([64, 32]);
    const raw = await fetch(`${server.url}/api/v3/display/current`);
    expect(raw.headers.get('content-type')).toBe('image/png');
  });
});
