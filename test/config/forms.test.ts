import { describe, expect, it } from 'vitest';
import { writePlugin } from '../support/plugins.ts';
import { MASK, setup } from './helpers.ts';

const SCORES_SCHEMA = {
  type: 'object',
  properties: {
    enabled: { type: 'boolean', default: true },
    show_logos: { type: 'boolean', default: true },
    refresh: { type: 'integer', minimum: 10, default: 60 },
    teams: { type: 'array', items: { type: 'string' }, default: [] },
    ranks: { type: 'array', items: { type: 'integer' }, default: [] },
    leagues: {
      type: 'object',
      properties: {
        'fifa.world': { type: 'object', properties: { enabled: { type: 'boolean' }, max: { type: 'number' } } },
      },
    },
  },
};

async function withForms() {
  const s = await setup();
  writePlugin(s.deps.settings.pluginsDir, 'scores', SCORES_SCHEMA);
  const form = async (url: string, body: string, type = 'application/x-www-form-urlencoded') => {
    const res = await s.app.request(url, { method: 'POST', headers: { 'content-type': type }, body });
    const text = await res.text();
    return { status: res.status, text, body: JSON.parse(text) as Record<string, any> };
  };
  return { ...s, form };
}

describe('POST /api/v3/plugins/config as a form', () => {
  it('reads fields by path and as the schema types them; secrets go to the secrets file', async () => {
    const s = await withForms();
    const res = await s.form(
      '/api/v3/plugins/config?plugin_id=weather',
      'city=Austin&units=metric&update_interval=600&enabled=on&provider.name=noaa&api_key=K-1' +
        '&accounts.0.name=home&accounts.0.token=T-1&accounts.1.name=spare',
    );
    expect(res.status).toBe(200);
    expect(s.readMain().weather).toEqual({
      city: 'Austin',
      units: 'metric',
      update_interval: 600,
      enabled: true,
      provider: { name: 'noaa' },
      accounts: [{ name: 'home' }, { name: 'spare' }],
      // The form shows every plugin's live-priority checkbox; unticked, it is not sent.
      live_priority: false,
    });
    expect(s.readSecrets().weather).toEqual({ api_key: 'K-1', accounts: [{ token: 'T-1' }, {}] });
  });

  it('lists, comma lists, dotted keys that exist, unticked checkboxes and a hidden field before its checkbox', async () => {
    const s = await withForms();
    const first = await s.form(
      '/api/v3/plugins/config',
      'plugin_id=scores&teams[]=&teams[]=DAL&teams[]=NYG&ranks=3,%201&leagues.fifa.world.enabled=false&leagues.fifa.world.enabled=true&leagues.fifa.world.max=2.5',
    );
    expect(first.status).toBe(200);
    expect(s.readMain().scores).toEqual({
      teams: ['DAL', 'NYG'],
      ranks: [3, 1],
      leagues: { 'fifa.world': { enabled: true, max: 2.5 } },
      show_logos: false,
      live_priority: false,
    });
    // `enabled` is never turned off by its absence; an emptied list sent with its sentinel is empty.
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'scores', config: { enabled: false } });
    await s.form('/api/v3/plugins/config?plugin_id=scores', 'teams[]=&show_logos=on&refresh=');
    expect(s.readMain().scores).toMatchObject({ enabled: false, teams: [], show_logos: true, refresh: 60 });
  });

  it('an unticked checkbox in a nested group is saved as false, also when the group sends nothing else', async () => {
    const s = await withForms();
    await s.call('POST', '/api/v3/plugins/config', {
      plugin_id: 'scores',
      config: { leagues: { 'fifa.world': { enabled: true } } },
    });
    expect(s.readMain().scores.leagues).toEqual({ 'fifa.world': { enabled: true } });
    // The whole settings form, with the World Cup box unticked: nothing of `leagues` is sent.
    const res = await s.form('/api/v3/plugins/config?plugin_id=scores', 'refresh=60&show_logos=on');
    expect(res.status).toBe(200);
    expect(s.readMain().scores.leagues).toEqual({ 'fifa.world': { enabled: false } });
  });

  it('a masked or blank secret keeps the stored one', async () => {
    const s = await withForms();
    await s.form('/api/v3/plugins/config?plugin_id=weather', 'city=Oslo&api_key=KEEP-ME');
    await s.form('/api/v3/plugins/config?plugin_id=weather', `city=Bergen&api_key=${encodeURIComponent(MASK)}`);
    await s.form('/api/v3/plugins/config?plugin_id=weather', 'city=Tromso&api_key=');
    expect(s.readMain().weather.city).toBe('Tromso');
    expect(s.readSecrets().weather.api_key).toBe('KEEP-ME');
  });

  it('bad input: each problem named with what came, nothing written', async () => {
    const s = await withForms();
    const before = s.snapshot();
    const bad = await s.form('/api/v3/plugins/config?plugin_id=weather', 'city=X&update_interval=soon&units=kelvin');
    expect(bad.status).toBe(400);
    expect(bad.body.error_code).toBe('CONFIG_VALIDATION_FAILED');
    const problems = bad.body.context.problems as Array<{ field: string; received: string }>;
    expect(problems.map((p) => [p.field, p.received]).sort()).toEqual([
      ['units', '"kelvin"'],
      ['update_interval', '"soon"'],
    ]);
    const noId = await s.form('/api/v3/plugins/config', 'city=X');
    expect(noId.status).toBe(400);
    expect(noId.body.context.problems[0]).toMatchObject({ in: 'body', field: 'plugin_id' });
    const twoIds = await s.form('/api/v3/plugins/config', 'plugin_id=weather&plugin_id=scores&city=X');
    expect(twoIds.status).toBe(400);
    expect((await s.form('/api/v3/plugins/config?plugin_id=ghost', 'city=X')).status).toBe(404);
    expect((await s.form('/api/v3/plugins/config?plugin_id=weather', 'city=X', 'text/plain')).status).toBe(415);
    expect((await s.form('/api/v3/plugins/config?plugin_id=weather', '__proto__.polluted=1&city=Y')).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(s.readMain().weather).toEqual({ city: 'Y', live_priority: false });
    const after = s.snapshot();
    expect(after.secrets).toBe(before.secrets);
  });
});

describe('POST /api/v3/config/main as a form', () => {
  it('types core values like the stored ones and plugin sections by their schema', async () => {
    const s = await withForms();
    const res = await s.form(
      '/api/v3/config/main',
      'display.hardware.brightness=55&display.hardware.show_refresh_rate=true&timezone=Europe%2FParis' +
        '&weather.city=Lyon&weather.update_interval=900&web_display_autostart=false',
    );
    expect(res.status).toBe(200);
    const main = s.readMain();
    expect(main.display.hardware).toMatchObject({ brightness: 55, show_refresh_rate: true });
    expect(main).toMatchObject({ timezone: 'Europe/Paris', web_display_autostart: false });
    expect(main.weather).toEqual({ city: 'Lyon', update_interval: 900 });
  });

  it('bad input: 400 naming each field with what came, nothing written', async () => {
    const s = await withForms();
    const before = s.snapshot();
    const res = await s.form('/api/v3/config/main', 'display.hardware.brightness=bright&timezone=Mars%2FBase');
    expect(res.status).toBe(400);
    const problems = res.body.context.problems as Array<{ field: string; received: string }>;
    expect(problems.map((p) => [p.field, p.received]).sort()).toEqual([
      ['display.hardware.brightness', '"bright"'],
      ['timezone', '"Mars/Base"'],
    ]);
    expect((await s.form('/api/v3/config/main', 'weather.update_interval=5')).status).toBe(400);
    expect((await s.form('/api/v3/config/main', 'timezone=UTC', 'multipart/form-data; boundary=x')).status).toBe(415);
    expect(s.snapshot()).toEqual(before);
  });
});
