import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { writePlugin } from '../support/plugins.ts';
import { MASK, setup } from './helpers.ts';

const SECRETS = ['KEY-111', 'CLIENT-222', 'TOKEN-333', 'ghp_444', 'HOOK-555', 'LEGACY-666', 'HAND-777'];

/** Secrets on every surface: x-secret top level, nested object, list of objects, core, schemaless, hand-placed. */
async function seeded() {
  const s = await setup();
  const weather = {
    city: 'Austin',
    api_key: 'KEY-111',
    provider: { credentials: { client_secret: 'CLIENT-222' } },
    accounts: [{ name: 'home', token: 'TOKEN-333' }, { name: 'spare' }],
  };
  expect((await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: weather })).status).toBe(200);
  writePlugin(s.deps.settings.pluginsDir, 'legacy');
  const main = { github: { api_token: 'ghp_444', webhook_secret: 'HOOK-555' } };
  expect((await s.call('POST', '/api/v3/config/main', main)).status).toBe(200);
  expect(
    (await s.call('POST', '/api/v3/config/main', { legacy: { enabled: true, password: 'LEGACY-666' } })).status,
  ).toBe(200);
  const secrets = s.readSecrets();
  fs.writeFileSync(s.deps.config.paths.secrets, JSON.stringify({ ...secrets, hand: { note: 'HAND-777' } }));
  return s;
}

describe('secrets', () => {
  it('are stored only in config_secrets.json (mode 0600), never in config.json', async () => {
    const s = await seeded();
    const mainText = fs.readFileSync(s.deps.config.paths.main, 'utf8');
    for (const secret of SECRETS) expect(mainText).not.toContain(secret);
    expect(s.readSecrets()).toMatchObject({
      weather: {
        api_key: 'KEY-111',
        provider: { credentials: { client_secret: 'CLIENT-222' } },
        accounts: [{ token: 'TOKEN-333' }, {}],
      },
      github: { api_token: 'ghp_444', webhook_secret: 'HOOK-555' },
      legacy: { password: 'LEGACY-666' },
    });
    expect(s.readMain().weather.accounts).toEqual([{ name: 'home' }, { name: 'spare' }]);
    expect(fs.statSync(s.deps.config.paths.secrets).mode & 0o777).toBe(0o600);
    expect(s.deps.config.secret(['github', 'api_token'])).toBe('ghp_444');
    expect(s.deps.config.coreSecrets()).toEqual({ githubToken: 'ghp_444', webhookSecret: 'HOOK-555' });
  });

  it('core secrets under github.token, github.api_token and github.webhook_secret are kept apart and masked', async () => {
    const s = await setup();
    const res = await s.call('POST', '/api/v3/config/main', { github: { token: 'ghp_999', webhook_secret: 'HOOK-9' } });
    expect(res.status).toBe(200);
    expect(fs.readFileSync(s.deps.config.paths.main, 'utf8')).not.toMatch(/ghp_999|HOOK-9/);
    expect(s.readSecrets().github).toEqual({ token: 'ghp_999', webhook_secret: 'HOOK-9' });
    expect((await s.call('GET', '/api/v3/config/main')).body.data.github).toEqual({
      token: MASK,
      webhook_secret: MASK,
    });
    expect((await s.call('GET', '/api/v3/config/secrets')).body.data.github).toEqual({
      token: MASK,
      webhook_secret: MASK,
    });
    expect(s.deps.config.coreSecrets()).toEqual({ githubToken: 'ghp_999', webhookSecret: 'HOOK-9' });
    // LEDMatrix's name wins when both are set; its template placeholder counts as unset.
    await s.call('POST', '/api/v3/config/main', { github: { api_token: 'YOUR_GITHUB_TOKEN', webhook_secret: MASK } });
    expect(s.deps.config.coreSecrets()).toEqual({ githubToken: 'ghp_999', webhookSecret: 'HOOK-9' });
    await s.call('POST', '/api/v3/config/main', { github: { api_token: 'ghp_111' } });
    expect(s.deps.config.coreSecrets().githubToken).toBe('ghp_111');
    expect(s.readSecrets().github).toEqual({ token: 'ghp_999', webhook_secret: 'HOOK-9', api_token: 'ghp_111' });
  });

  it('a save that changes only city keeps the stored API key', async () => {
    const s = await seeded();
    const res = await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Boston' } });
    expect(res.status).toBe(200);
    expect(s.readMain().weather.city).toBe('Boston');
    expect(s.readSecrets().weather.api_key).toBe('KEY-111');
    expect(s.deps.config.pluginSettings('weather')).toMatchObject({ city: 'Boston', api_key: 'KEY-111' });
  });

  it('read as a fixed mask when set and "" when unset', async () => {
    const s = await setup();
    const empty = (await s.call('GET', '/api/v3/plugins/config?plugin_id=weather')).body.data;
    expect(empty.api_key).toBe('');
    expect(empty.city).toBe('Dallas');
    const seededApp = await seeded();
    const data = (await seededApp.call('GET', '/api/v3/plugins/config?plugin_id=weather')).body.data;
    expect(data).toMatchObject({
      api_key: MASK,
      provider: { credentials: { client_secret: MASK } },
      accounts: [
        { name: 'home', token: MASK },
        { name: 'spare', token: '' },
      ],
    });
  });

  it('survive a masked round trip through every surface', async () => {
    const s = await seeded();
    const before = s.readSecrets();
    const plugin = (await s.call('GET', '/api/v3/plugins/config?plugin_id=weather')).body.data;
    expect(
      (await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { ...plugin, city: 'Reno' } }))
        .status,
    ).toBe(200);
    const legacy = (await s.call('GET', '/api/v3/plugins/config?plugin_id=legacy')).body.data;
    expect(legacy.password).toBe(MASK);
    expect((await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'legacy', config: legacy })).status).toBe(200);
    const main = (await s.call('GET', '/api/v3/config/main')).body.data;
    expect((await s.call('POST', '/api/v3/config/main', main)).status).toBe(200);
    const secrets = (await s.call('GET', '/api/v3/config/secrets')).body.data;
    expect(secrets.weather.accounts).toEqual([{ token: MASK }, {}]);
    expect((await s.call('POST', '/api/v3/config/raw/secrets', secrets)).status).toBe(200);
    const again = (await s.call('GET', '/api/v3/config/main')).body.data;
    expect((await s.call('POST', '/api/v3/config/raw/main', again)).status).toBe(200);
    expect(s.readSecrets()).toEqual(before);
    expect(s.readMain().weather.city).toBe('Reno');
    const both =
      fs.readFileSync(s.deps.config.paths.main, 'utf8') + fs.readFileSync(s.deps.config.paths.secrets, 'utf8');
    expect(both).not.toContain(MASK);
  });

  it('blank means unchanged; null clears, at the top level, nested and in lists', async () => {
    const s = await seeded();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { api_key: '  ' } });
    expect(s.readSecrets().weather.api_key).toBe('KEY-111');
    const res = await s.call('POST', '/api/v3/plugins/config', {
      plugin_id: 'weather',
      config: { api_key: null, provider: { credentials: { client_secret: null } }, accounts: [{ name: 'home' }] },
    });
    expect(res.status).toBe(200);
    expect(s.readSecrets().weather).toBeUndefined();
    const data = (await s.call('GET', '/api/v3/plugins/config?plugin_id=weather')).body.data;
    expect(data.api_key).toBe('');
    expect(data.accounts).toEqual([{ name: 'home', token: '' }]);
    await s.call('POST', '/api/v3/config/raw/secrets', { github: { api_token: null, webhook_secret: MASK } });
    expect(s.readSecrets()).toEqual({ github: { webhook_secret: 'HOOK-555' } });
  });

  it('never appear in any response body, success or error', async () => {
    const s = await seeded();
    const bodies: string[] = [];
    const hit = async (method: string, url: string, body?: unknown) =>
      bodies.push((await s.call(method, url, body)).text);
    for (const url of [
      '/api/v3/config/main',
      '/api/v3/config/secrets',
      '/api/v3/config/schedule',
      '/api/v3/config/dim-schedule',
      '/api/v3/config/backups',
      '/api/v3/plugins/config?plugin_id=weather',
      '/api/v3/plugins/config?plugin_id=legacy',
      '/api/v3/plugins/schema?plugin_id=weather',
      '/api/v3/health',
    ])
      await hit('GET', url);
    await hit('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'X', api_key: 42 } });
    await hit('POST', '/api/v3/plugins/config', {
      plugin_id: 'weather',
      config: { api_key: 'KEY-111', units: 'kelvin' },
    });
    await hit('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Y' } });
    await hit('POST', '/api/v3/plugins/config/reset', { plugin_id: 'weather' });
    await hit('POST', '/api/v3/config/main', {
      display: { hardware: { brightness: 500 } },
      github: { api_token: 'ghp_444' },
    });
    await hit('POST', '/api/v3/config/raw/secrets', { github: { api_token: 5 }, hand: { note: 'HAND-777' } });
    await hit('POST', '/api/v3/config/rollback', {});
    await hit('GET', '/api/v3/config/main');
    await hit('GET', '/api/v3/config/backups');
    const history = await s.call('GET', '/api/v3/plugins/operation/history?limit=1000');
    bodies.push(history.text);
    for (const op of history.body.data) {
      await hit('GET', `/api/v3/plugins/operation/${op.operation_id}`);
      await hit('GET', `/api/v3/plugins/operation/${op.operation_id}/events`);
    }
    expect(bodies.length).toBeGreaterThan(30);
    for (const body of bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
    for (const line of s.deps.log.lines)
      for (const secret of SECRETS) expect(JSON.stringify(line)).not.toContain(secret);
  });
});
