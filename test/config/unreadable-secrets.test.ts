/**
 * config_secrets.json that is there but cannot be read: the settings are served without secrets and
 * the answers say so, health is degraded naming the file, and a save that would write the file is
 * refused (409) so what it holds is never overwritten. Reading it is made impossible the way the
 * test's user allows: no read permission (as a user) or a symbolic link that loops (as root, who
 * reads anything).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeHeartbeat } from '../../core/platform/heartbeat.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { WEATHER_SCHEMA, writePlugin } from '../support/plugins.ts';
import { tempDir } from '../support/temp.ts';
import { MASK, setup } from './helpers.ts';

const asRoot = process.getuid?.() === 0;

/** Makes the file unreadable; the returned function makes it readable again. */
function breakFile(file: string): () => void {
  if (!asRoot) {
    fs.chmodSync(file, 0o000);
    return () => fs.chmodSync(file, 0o600);
  }
  const kept = `${file}.kept`;
  fs.renameSync(file, kept);
  fs.symlinkSync(path.basename(file), file);
  return () => {
    fs.rmSync(file);
    fs.renameSync(kept, file);
  };
}

/** The file as it is on disk now: its bytes, or that it is still the loop this test made. */
const onDisk = (file: string) =>
  fs.lstatSync(file).isSymbolicLink() ? `link to ${fs.readlinkSync(file)}` : fs.statSync(file).mode & 0o777;

async function withStoredSecrets() {
  const s = await setup();
  const saved = await s.call('POST', '/api/v3/plugins/config', {
    plugin_id: 'weather',
    config: { city: 'Kyiv', api_key: 'KEY-1' },
  });
  expect(saved.status).toBe(200);
  return s;
}

describe('an unreadable secrets file', () => {
  it('serves the settings without secrets and says so on /config/main, /config/secrets and /plugins/config', async () => {
    const s = await withStoredSecrets();
    breakFile(s.deps.config.paths.secrets);
    const main = await s.call('GET', '/api/v3/config/main');
    expect(main.status).toBe(200);
    expect(main.body.data.weather.city).toBe('Kyiv');
    expect(main.body.data.weather.api_key).toBeUndefined();
    expect(main.body.metadata.secrets_unavailable).toBe(true);
    expect(main.body.metadata.config_problems).toEqual([
      expect.objectContaining({ file: 'config_secrets.json', kind: 'unreadable' }),
    ]);
    expect(main.body.message).toMatch(/config_secrets\.json cannot be read .*without secrets/);
    const secrets = await s.call('GET', '/api/v3/config/secrets');
    expect(secrets.status).toBe(200);
    expect(secrets.body.data).toEqual({});
    expect(secrets.body.metadata.secrets_unavailable).toBe(true);
    const plugin = await s.call('GET', '/api/v3/plugins/config?plugin_id=weather');
    expect(plugin.status).toBe(200);
    expect(plugin.body.data).toMatchObject({ city: 'Kyiv', api_key: '' });
    expect(plugin.body.metadata.secrets_unavailable).toBe(true);
  });

  it('marks health degraded with the reason', async () => {
    const s = await withStoredSecrets();
    const health = async () => {
      // Both processes alive, so what health says is about the files; its answer is cached a second.
      for (const name of ['web', 'display'] as const)
        writeHeartbeat(s.deps.db.sqlite, s.deps.clock, name, s.deps.clock.now(), {});
      s.deps.clock.advance(1_000);
      return (await s.call('GET', '/api/v3/health')).body.data;
    };
    expect((await health()).status).toBe('healthy');
    breakFile(s.deps.config.paths.secrets);
    const degraded = await health();
    expect(degraded.status).toBe('degraded');
    expect(degraded.checks.config.status).toBe('degraded');
    expect(degraded.checks.config.detail).toMatch(/config_secrets\.json cannot be read \(E[A-Z]+/);
  });

  it('refuses every save that would write it with 409 naming the file, and leaves it as it was', async () => {
    const s = await withStoredSecrets();
    const file = s.deps.config.paths.secrets;
    breakFile(file);
    const before = onDisk(file);
    for (const [url, body] of [
      ['/api/v3/plugins/config', { plugin_id: 'weather', config: { api_key: 'KEY-2' } }],
      ['/api/v3/config/raw/secrets', { weather: { api_key: 'KEY-2' } }],
      ['/api/v3/config/main', { github: { api_token: 'ghp_2' } }],
      ['/api/v3/config/rollback', {}],
    ] as const) {
      const res = await s.call('POST', url, body);
      expect(res.status, url).toBe(409);
      expect(res.body.error_code).toBe('CONFIG_FILE_UNREADABLE');
      expect(res.body.message).toMatch(/config_secrets\.json cannot be read .*nothing was saved/);
      expect(res.body.context).toMatchObject({ file: 'config_secrets.json' });
    }
    expect(onDisk(file)).toEqual(before);
  });

  it('still saves what does not touch it, and serves the secrets again once it can be read', async () => {
    const s = await withStoredSecrets();
    const repair = breakFile(s.deps.config.paths.secrets);
    expect(
      (await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Lviv' } })).status,
    ).toBe(200);
    expect(s.readMain().weather.city).toBe('Lviv');
    repair();
    const plugin = await s.call('GET', '/api/v3/plugins/config?plugin_id=weather');
    expect(plugin.body.data).toMatchObject({ city: 'Lviv', api_key: MASK });
    expect(plugin.body.metadata.secrets_unavailable).toBeUndefined();
    expect(s.readSecrets().weather.api_key).toBe('KEY-1');
  });

  it('found unreadable at start: the server starts and serves the settings without secrets', async () => {
    const configDir = tempDir();
    fs.writeFileSync(path.join(configDir, 'config.json'), JSON.stringify({ weather: { city: 'Odesa' } }));
    fs.writeFileSync(path.join(configDir, 'config_secrets.json'), JSON.stringify({ weather: { api_key: 'KEY-1' } }), {
      mode: 0o600,
    });
    breakFile(path.join(configDir, 'config_secrets.json'));
    const deps = testDeps({ configDir });
    writePlugin(deps.settings.pluginsDir, 'weather', WEATHER_SCHEMA);
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/plugins/config?plugin_id=weather');
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ city: 'Odesa', api_key: '' });
    expect(body.metadata.secrets_unavailable).toBe(true);
  });
});
