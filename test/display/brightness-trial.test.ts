import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../bench/harness.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { startRuntime, writeConfig, writePlugin } from '../support/display.ts';
import { sseReader } from '../support/sse.ts';
import { tempDir } from '../support/temp.ts';

const RED = [255, 0, 0];
let server: RunningServer | null = null;

afterEach(async () => {
  await server?.stop();
  server = null;
});

describe('a brightness tried out on the panel', () => {
  it('is shown at once, never saved, and the saved brightness returns when it lapses', async () => {
    const h = await startRuntime({
      plugins: { a: {} },
      config: { a: { enabled: true, color: RED }, display: { hardware: { brightness: 80 } } },
    });
    await h.until(() => h.runtime.loop.status().plugin_id === 'a' && h.brightness() === 80, 3000, 'a, at 80');
    h.runtime.tryBrightness(25, h.clock.now() + 10_000);
    await h.until(() => h.brightness() === 25, 2000, 'tried brightness');
    expect(h.pixel()).toEqual(RED);
    h.clock.advance(10_001);
    await h.until(() => h.brightness() === 80, 2000, 'saved brightness again');
  });

  it('POST /api/v3/display/brightness reaches the panel of the real display process; bad input is named', async () => {
    const root = tempDir('marquee-brightness-');
    const pluginsDir = path.join(root, 'plugin-repos');
    const configDir = path.join(root, 'config');
    writePlugin(pluginsDir, 'a');
    writeConfig(configDir, { a: { enabled: true, color: RED }, display: { hardware: { brightness: 90 } } });
    server = await startServer(
      {
        MARQUEE_DISPLAY_BACKEND: 'emulator',
        MARQUEE_PANEL_COLS: '32',
        MARQUEE_PANEL_ROWS: '16',
        MARQUEE_PLUGINS_DIR: pluginsDir,
        MARQUEE_CONFIG_DIR: configDir,
      },
      'server.ts',
    );
    const saved = fs.readFileSync(path.join(configDir, 'config.json'), 'utf8');
    const ac = new AbortController();
    const next = sseReader(await fetch(`${server.url}/api/v3/stream/display`, { signal: ac.signal })).next;
    const post = (body: unknown) => fetch(`${server!.url}/api/v3/display/brightness`, jsonInit('POST', body));
    const res = await post({ brightness: 30 });
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ brightness: 30 });
    // The preview carries the brightness of every frame the panel shows.
    for (;;) {
      const msg = await next();
      if (!msg) throw new Error('the preview stream ended');
      if ((JSON.parse(msg.data) as { brightness: number }).brightness === 30) break;
    }
    ac.abort();
    expect(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')).toBe(saved);

    for (const bad of [{ brightness: 101 }, { brightness: 'dim' }, { brightness: 12.5 }, {}]) {
      const r = await post(bad);
      expect(r.status).toBe(400);
      const body = await r.json();
      expect(body.error_code).toBe('VALIDATION_ERROR');
      expect(body.context.problems[0]).toMatchObject({ in: 'body', field: 'brightness' });
    }
    expect((await post({ brightness: 101 }).then((r) => r.json())).context.problems[0]).toMatchObject({
      rule: 'max',
      limit: 100,
    });
  }, 60_000);

  it('without a display process under this server it is a 503 that says so', async () => {
    const { app } = await testApp(testDeps());
    const res = await app.request('/api/v3/display/brightness', jsonInit('POST', { brightness: 50 }));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error_code: 'SERVICE_UNAVAILABLE',
      message: 'The display process is not running under this server',
    });
  });
});
