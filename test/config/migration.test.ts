import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createConfigService } from '../../core/config/service.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { writePlugin } from '../support/plugins.ts';
import { tempDir } from '../support/temp.ts';
import { MASK } from './helpers.ts';

const FIXTURE = path.join(import.meta.dirname, '../fixtures/ledmatrix');
const SECRET_VALUES = ['owm-secret-123', 'UC-channel-456', 'spotify-id-789', 'spotify-secret-012', 'ghp_migrated345'];

/** A config folder carried over from LEDMatrix (secrets file with LEDMatrix's 0640 mode). */
function carriedOver() {
  const configDir = path.join(tempDir(), 'config');
  fs.mkdirSync(configDir);
  fs.copyFileSync(path.join(FIXTURE, 'config.json'), path.join(configDir, 'config.json'));
  fs.copyFileSync(path.join(FIXTURE, 'config_secrets.json'), path.join(configDir, 'config_secrets.json'));
  fs.chmodSync(path.join(configDir, 'config_secrets.json'), 0o640);
  return configDir;
}

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURE, name), 'utf8');

describe('a config carried over from LEDMatrix', () => {
  it('loads unchanged: same bytes on disk, every key served, no problems reported', async () => {
    const configDir = carriedOver();
    const deps = testDeps({ configDir });
    writePlugin(deps.settings.pluginsDir, 'clock-simple');
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/config/main');
    const body = await res.json();
    expect(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')).toBe(fixture('config.json'));
    expect(fs.readFileSync(path.join(configDir, 'config_secrets.json'), 'utf8')).toBe(fixture('config_secrets.json'));
    expect(fs.statSync(path.join(configDir, 'config_secrets.json')).mode & 0o777).toBe(0o600);
    expect(body.metadata.config_problems).toBeUndefined();
    const original = JSON.parse(fixture('config.json'));
    expect(body.data).toEqual({
      ...original,
      'ledmatrix-weather': { ...original['ledmatrix-weather'], api_key: MASK },
      youtube: { api_key: MASK, channel_id: MASK },
      music: { ...original.music, SPOTIFY_CLIENT_ID: MASK, SPOTIFY_CLIENT_SECRET: MASK },
      github: { api_token: MASK },
    });
    expect(deps.config.problems()).toEqual([]);
    for (const secret of SECRET_VALUES) expect(JSON.stringify(body)).not.toContain(secret);
  });

  it('keeps unknown plugin sections and extra keys when another section is saved', async () => {
    const configDir = carriedOver();
    const store = createConfigService(testDeps({ configDir }));
    await store.apply({ op: 'plugin', plugin_id: 'clock-simple', config: { show_seconds: true } });
    await store.apply({ op: 'main', patch: { display: { hardware: { brightness: 60 } } } });
    const original = JSON.parse(fixture('config.json'));
    const now = JSON.parse(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8'));
    expect(now).toEqual({
      ...original,
      'clock-simple': { ...original['clock-simple'], show_seconds: true },
      display: { ...original.display, hardware: { ...original.display.hardware, brightness: 60 } },
    });
    expect(JSON.parse(fs.readFileSync(path.join(configDir, 'config_secrets.json'), 'utf8'))).toEqual(
      JSON.parse(fixture('config_secrets.json')),
    );
  });
});

describe('first start', () => {
  it('creates both files from defaults that validate; the secrets file is private; no history yet', async () => {
    const deps = testDeps();
    const { main, secrets } = deps.config.paths;
    expect(JSON.parse(fs.readFileSync(main, 'utf8'))).toMatchObject({
      display: { hardware: { rows: 32, cols: 64, brightness: 90 } },
      schedule: { enabled: false, start_time: '07:00', end_time: '23:00' },
      dim_schedule: { dim_brightness: 30 },
    });
    expect(JSON.parse(fs.readFileSync(secrets, 'utf8'))).toEqual({});
    expect(fs.statSync(secrets).mode & 0o777).toBe(0o600);
    expect(deps.config.backups()).toEqual([]);
    expect(deps.config.problems()).toEqual([]);
  });
});

describe('backup folders of an earlier version', () => {
  /** config/backups/<id>/ as earlier versions wrote them: the pair and meta.json. */
  function writeFolder(configDir: string, id: string, pair: { main: string; secrets: string }, meta?: object) {
    const folder = path.join(configDir, 'backups', id);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, 'config.json'), pair.main);
    fs.writeFileSync(path.join(folder, 'config_secrets.json'), pair.secrets, { mode: 0o600 });
    if (meta) fs.writeFileSync(path.join(folder, 'meta.json'), JSON.stringify(meta));
  }

  it('are taken into the history at start, newest first, then removed; a rollback restores one byte for byte', async () => {
    const first = testDeps();
    const { configDir, dataDir, pluginsDir } = first.settings;
    const older = { main: '{"timezone": "UTC"}\n', secrets: '{}\n' };
    const newer = { main: '{\n  "timezone": "Europe/Oslo"\n}\n', secrets: '{"github": {"api_token": "t-1"}}\n' };
    writeFolder(configDir, '20260101T000000000Z-0000', older);
    writeFolder(configDir, '20260102T000000000Z-0000', newer, {
      created_at: '2026-01-02T00:00:00.000Z',
      reason: 'plugin clock',
      changed_sections: ['clock'],
    });
    fs.mkdirSync(path.join(configDir, 'backups', '.tmp-20260103T000000000Z-0000-123'));
    const deps = testDeps({ configDir, dataDir, pluginsDir });
    expect(deps.config.backups()).toEqual([
      {
        id: '20260102T000000000Z-0000',
        created_at: '2026-01-02T00:00:00.000Z',
        reason: 'plugin clock',
        changed_sections: ['clock'],
        size_bytes: { main: Buffer.byteLength(newer.main), secrets: Buffer.byteLength(newer.secrets) },
      },
      expect.objectContaining({ id: '20260101T000000000Z-0000' }),
    ]);
    expect(fs.existsSync(path.join(configDir, 'backups'))).toBe(false);
    deps.tasks.startAll();
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/config/rollback', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ backup: '20260102T000000000Z-0000' }),
    });
    expect(res.status).toBe(200);
    expect(fs.readFileSync(path.join(configDir, 'config.json'), 'utf8')).toBe(newer.main);
    expect(fs.readFileSync(path.join(configDir, 'config_secrets.json'), 'utf8')).toBe(newer.secrets);
  });

  it('one that cannot be read is left where it is and reported', () => {
    const first = testDeps();
    const { configDir, dataDir, pluginsDir } = first.settings;
    fs.mkdirSync(path.join(configDir, 'backups', '20260101T000000000Z-0000'), { recursive: true });
    const deps = testDeps({ configDir, dataDir, pluginsDir });
    expect(deps.config.backups()).toEqual([]);
    expect(fs.existsSync(path.join(configDir, 'backups', '20260101T000000000Z-0000'))).toBe(true);
    expect(
      deps.log.lines.find((l) => l.msg === 'could not read some config backup folders; left in place'),
    ).toMatchObject({ left: ['20260101T000000000Z-0000'] });
  });
});
