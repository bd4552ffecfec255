import { describe, expect, it } from 'vitest';
import { writePlugin } from '../support/plugins.ts';
import { setup } from './helpers.ts';

describe('schedule endpoints', () => {
  it('GET answers defaults when nothing is stored; POST merges JSON into the stored schedule', async () => {
    const s = await setup();
    expect((await s.call('GET', '/api/v3/config/dim-schedule')).body.data).toMatchObject({
      dim_brightness: 30,
      start_time: '20:00',
    });
    const res = await s.call('POST', '/api/v3/config/dim-schedule', { enabled: true, dim_brightness: 10 });
    expect(res.status).toBe(200);
    expect((await s.call('GET', '/api/v3/config/dim-schedule')).body.data).toMatchObject({
      enabled: true,
      dim_brightness: 10,
      end_time: '07:00',
    });
  });

  it('POST accepts LEDMatrix per-day form fields', async () => {
    const s = await setup();
    const res = await s.app.request('/api/v3/config/schedule', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'enabled=on&monday_start=08:00&monday_end=21:30&sunday_enabled=off',
    });
    expect(res.status).toBe(200);
    expect(s.readMain().schedule).toMatchObject({
      enabled: true,
      mode: 'per-day',
      days: { monday: { enabled: true, start_time: '08:00', end_time: '21:30' }, sunday: { enabled: false } },
    });
  });
});

describe('plugin endpoints', () => {
  it('GET /plugins/schema returns the schema with the core properties', async () => {
    const s = await setup();
    const schema = (await s.call('GET', '/api/v3/plugins/schema?plugin_id=weather')).body.data.schema;
    expect(schema.properties.api_key['x-secret']).toBe(true);
    expect(schema.properties.display_duration).toMatchObject({ minimum: 1, maximum: 300, default: 15 });
    expect(schema.properties.enabled.default).toBe(false);
  });

  it('a plugin without a schema still has its core properties validated and name-based masking', async () => {
    const s = await setup();
    writePlugin(s.deps.settings.pluginsDir, 'plain');
    expect(
      (await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'plain', config: { display_duration: 0 } })).status,
    ).toBe(400);
    expect(
      (await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'plain', config: { token: 'tok', x: 1 } })).status,
    ).toBe(200);
    expect(s.readSecrets().plain).toEqual({ token: 'tok' });
    expect((await s.call('GET', '/api/v3/plugins/config?plugin_id=plain')).body.data).toEqual({
      enabled: true,
      display_duration: 15,
      live_priority: false,
      x: 1,
      token: '\u2022'.repeat(8),
    });
  });

  it('reset returns the defaults and keeps secrets unless asked not to', async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Kiev', api_key: 'k' } });
    const res = await s.call('POST', '/api/v3/plugins/config/reset', { plugin_id: 'weather' });
    expect(res.status).toBe(200);
    expect(res.body.data.config).toMatchObject({ city: 'Dallas', api_key: '\u2022'.repeat(8) });
    expect(s.readSecrets().weather.api_key).toBe('k');
    await s.call('POST', '/api/v3/plugins/config/reset', { plugin_id: 'weather', preserve_secrets: false });
    expect(s.readSecrets().weather).toBeUndefined();
    expect(s.readMain().weather).toMatchObject({ city: 'Dallas', units: 'imperial' });
  });

  it('an unknown plugin is a 404 on every plugin endpoint and writes nothing', async () => {
    const s = await setup();
    const before = s.snapshot();
    for (const [method, url, body] of [
      ['GET', '/api/v3/plugins/config?plugin_id=ghost'],
      ['GET', '/api/v3/plugins/schema?plugin_id=ghost'],
      ['POST', '/api/v3/plugins/config', { plugin_id: 'ghost', config: { a: 1 } }],
      ['POST', '/api/v3/plugins/config/reset', { plugin_id: 'ghost' }],
    ] as const) {
      const res = await s.call(method, url, body);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ error_code: 'PLUGIN_NOT_FOUND', context: { plugin_id: 'ghost' } });
    }
    expect(s.snapshot()).toEqual(before);
  });

  it('a plugin known only from its section in config.json is found', async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/config/main', { 'old-plugin': { enabled: false, color: 'red' } });
    expect((await s.call('GET', '/api/v3/plugins/config?plugin_id=old-plugin')).body.data).toMatchObject({
      color: 'red',
      enabled: false,
    });
  });
});

describe('bad input', () => {
  it('is refused with the field, expectation and received value before anything is touched', async () => {
    const s = await setup();
    const before = s.snapshot();
    const cases: Array<[string, string, unknown, string]> = [
      ['GET', '/api/v3/plugins/config?plugin_id=../x', undefined, 'plugin_id'],
      ['GET', '/api/v3/plugins/config', undefined, 'plugin_id'],
      ['POST', '/api/v3/plugins/config', { plugin_id: '../x', config: {} }, 'plugin_id'],
      ['POST', '/api/v3/plugins/config', { plugin_id: 'display', config: {} }, 'plugin_id'],
      ['POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: [1] }, 'config'],
      ['POST', '/api/v3/plugins/config/reset', { plugin_id: 'weather', preserve_secrets: 'yes' }, 'preserve_secrets'],
      ['POST', '/api/v3/config/main', [1, 2], '(root)'],
      ['POST', '/api/v3/config/raw/main', {}, '(root)'],
      ['POST', '/api/v3/config/raw/secrets', {}, '(root)'],
      ['POST', '/api/v3/config/rollback', { backup: 7 }, 'backup'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await s.call(method, url, body);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.error_code).toBe('VALIDATION_ERROR');
      expect(res.body.context.problems[0]).toMatchObject({ field });
      expect(res.body.context.problems[0].received).toBeTruthy();
    }
    const malformed = await s.app.request('/api/v3/config/main', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(malformed.status).toBe(400);
    expect(s.snapshot()).toEqual(before);
  });
});
