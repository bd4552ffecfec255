import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareFiles } from '../../core/config/files/atomic-write.ts';
import { createConfigHistory } from '../../core/config/history.ts';
import { saveConfig } from '../../core/config/save.ts';
import { createConfigService } from '../../core/config/service.ts';
import { testDeps } from '../support/deps.ts';
import { WEATHER_SCHEMA, writePlugin } from '../support/plugins.ts';
import { backupIds, files, setup } from './helpers.ts';

const CLOCK_SCHEMA = { type: 'object', properties: { format: { type: 'string', default: '%H:%M' } } };

describe('concurrent saves', () => {
  it('of two plugins both persist', async () => {
    const s = await setup();
    writePlugin(s.deps.settings.pluginsDir, 'clock', CLOCK_SCHEMA);
    const results = await Promise.all([
      s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Rome', api_key: 'k1' } }),
      s.call('POST', '/api/v3/plugins/config', { plugin_id: 'clock', config: { format: '%I:%M' } }),
      s.call('POST', '/api/v3/config/schedule', { enabled: true, start_time: '06:00', end_time: '22:00' }),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(s.readMain()).toMatchObject({
      weather: { city: 'Rome' },
      clock: { format: '%I:%M' },
      schedule: { enabled: true, start_time: '06:00' },
    });
    expect(s.readSecrets().weather.api_key).toBe('k1');
    expect(backupIds(s.deps)).toHaveLength(3);
  });

  it('of one plugin run one after another in arrival order, none refused or lost', async () => {
    const s = await setup();
    const saves = ['a', 'b', 'c', 'd'].map((city, i) =>
      saveConfig(s.deps, { op: 'plugin', plugin_id: 'weather', config: { city, update_interval: 100 + i } }),
    );
    const results = await Promise.all(saves);
    expect(results.map((r) => r.finished)).toEqual([true, true, true, true]);
    expect(s.readMain().weather).toEqual({ city: 'd', update_interval: 103 });
    const history = s.deps.queue.history({ kind: 'configure', key: 'weather' });
    expect(history.map((op) => op.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(backupIds(s.deps)).toHaveLength(4);
  });

  it('of the schedule and the dim schedule (one key, config:main) both persist', async () => {
    const s = await setup();
    const [a, b] = await Promise.all([
      s.call('POST', '/api/v3/config/schedule', { enabled: true, start_time: '07:00', end_time: '23:00' }),
      s.call('POST', '/api/v3/config/dim-schedule', { enabled: true, dim_brightness: 20, start_time: '21:00' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(s.readMain()).toMatchObject({
      schedule: { enabled: true, start_time: '07:00', end_time: '23:00' },
      dim_schedule: { enabled: true, dim_brightness: 20, start_time: '21:00' },
    });
    expect(s.deps.queue.history({ key: 'config:main' }).map((op) => op.status)).toEqual(['completed', 'completed']);
  });
});

describe('invalid values', () => {
  const cases: Array<[string, string, unknown, string[]]> = [
    [
      'plugin settings',
      '/api/v3/plugins/config',
      { plugin_id: 'weather', config: { update_interval: 5, units: 'kelvin', display_duration: 0 } },
      ['update_interval', 'units', 'display_duration'],
    ],
    [
      'plugin core property',
      '/api/v3/plugins/config',
      { plugin_id: 'weather', config: { enabled: 'yes', live_priority: 1, display_duration: 301 } },
      ['enabled', 'live_priority', 'display_duration'],
    ],
    [
      'display hardware',
      '/api/v3/config/main',
      { display: { hardware: { brightness: 101, rows: 'x', hardware_mapping: 'nope' } } },
      ['display.hardware.rows', 'display.hardware.brightness', 'display.hardware.hardware_mapping'],
    ],
    ['time zone', '/api/v3/config/main', { timezone: 'Mars/Olympus' }, ['timezone']],
    ['plugin section in config/main', '/api/v3/config/main', { weather: { units: 'kelvin' } }, ['weather.units']],
    [
      'schedule',
      '/api/v3/config/schedule',
      { enabled: true, start_time: '25:00', end_time: '7pm' },
      ['schedule.start_time', 'schedule.end_time'],
    ],
    [
      'per-day schedule without a day',
      '/api/v3/config/schedule',
      { mode: 'per-day', days: { monday: { enabled: false } } },
      ['schedule'],
    ],
    [
      'dim schedule',
      '/api/v3/config/dim-schedule',
      { dim_brightness: 101, start_time: '20:60' },
      ['dim_schedule.start_time', 'dim_schedule.dim_brightness'],
    ],
    [
      'raw config.json',
      '/api/v3/config/raw/main',
      { display: { hardware: { pwm_bits: 12 } }, schedule: { mode: 'sometimes' } },
      ['display.hardware.pwm_bits', 'schedule.mode'],
    ],
    ['raw secrets', '/api/v3/config/raw/secrets', { github: { api_token: 5 } }, ['github.api_token']],
    [
      "raw secrets holding a plugin's settings",
      '/api/v3/config/raw/secrets',
      { weather: { api_key: 42, units: 'kelvin' } },
      ['weather.api_key', 'weather.units'],
    ],
  ];
  for (const [name, url, body, fields] of cases) {
    it(`${name}: 400 naming each field, expectation and received value; nothing written`, async () => {
      const s = await setup();
      const before = s.snapshot();
      const res = await s.call('POST', url, body);
      expect(res.status).toBe(400);
      expect(res.body.error_code).toBe('CONFIG_VALIDATION_FAILED');
      const problems = res.body.context.problems as Array<{ field: string; expected: string; received: string }>;
      expect(problems.map((p) => p.field).sort()).toEqual([...fields].sort());
      for (const p of problems) {
        expect(p.expected.length).toBeGreaterThan(2);
        expect(p.received.length).toBeGreaterThan(0);
      }
      expect(s.snapshot()).toEqual(before);
    });
  }

  it('a brightness problem says what was expected and what came', async () => {
    const s = await setup();
    const res = await s.call('POST', '/api/v3/config/main', { display: { hardware: { brightness: 150 } } });
    expect(res.body.context.problems[0]).toMatchObject({
      field: 'display.hardware.brightness',
      expected: 'an integer from 0 to 100',
      received: '150',
    });
  });
});

describe('backups and rollback', () => {
  it('backup names are unique and sortable within one millisecond; only the newest N are kept', async () => {
    const s = await setup({ 'config.backupsKeep': 3 });
    for (const city of ['a', 'b', 'c', 'd', 'e'])
      await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city } });
    const ids = backupIds(s.deps);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(ids[0]).toMatch(/^\d{8}T\d{9}Z-0004$/);
    const listed = (await s.call('GET', '/api/v3/config/backups')).body.data.backups;
    expect(listed.map((b: { id: string }) => b.id)).toEqual(ids);
    expect(listed[0]).toMatchObject({ reason: 'plugin weather', changed_sections: ['weather'] });
  });

  it('rollback restores a pair, backing up the current one first', async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'A', api_key: 'key-A' } });
    const pairA = s.snapshot();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'B', api_key: 'key-B' } });
    const pairB = s.snapshot();
    const [before] = backupIds(s.deps);
    const res = await s.call('POST', '/api/v3/config/rollback', { backup: before });
    expect(res.status).toBe(200);
    expect(res.body.data.restored_backup).toBe(before);
    const now = s.snapshot();
    expect([now.main, now.secrets]).toEqual([pairA.main, pairA.secrets]);
    const history = createConfigHistory(s.deps.db.sqlite, { keep: 10 });
    expect(history.read(res.body.data.backup)?.secrets).toBe(pairB.secrets);
    expect(s.deps.config.pluginSettings('weather')).toMatchObject({ city: 'A', api_key: 'key-A' });
    expect((await s.call('POST', '/api/v3/config/rollback')).status).toBe(200);
    expect(s.readMain().weather.city).toBe('B');
  });

  it('an unknown backup is a 404 and changes nothing; a malformed id is a 400', async () => {
    const s = await setup();
    const before = s.snapshot();
    expect((await s.call('POST', '/api/v3/config/rollback', {})).body.error_code).toBe('CONFIG_BACKUP_NOT_FOUND');
    const res = await s.call('POST', '/api/v3/config/rollback', { backup: '20990101T000000000Z-0000' });
    expect(res.status).toBe(404);
    expect((await s.call('POST', '/api/v3/config/rollback', { backup: '../../etc' })).status).toBe(400);
    expect(s.snapshot()).toEqual(before);
  });
});

describe('a write that fails', () => {
  it('reading back different content → previous files restored, 500 CONFIG_SAVE_FAILED', async () => {
    const deps = testDeps();
    writePlugin(deps.settings.pluginsDir, 'weather', WEATHER_SCHEMA);
    let calls = 0;
    // The first write lands torn (as a failing disk would leave it); the restore that follows works.
    const store = createConfigService(deps, {
      io: {
        prepareFiles: (writes) =>
          prepareFiles(calls++ ? writes : writes.map((w) => ({ ...w, data: w.data.slice(0, 10) }))),
      },
    });
    const f = files({ ...deps, config: store });
    const before = f.snapshot();
    await expect(store.apply({ op: 'plugin', plugin_id: 'weather', config: { city: 'Z' } })).rejects.toMatchObject({
      code: 'CONFIG_SAVE_FAILED',
    });
    const after = f.snapshot();
    expect([after.main, after.secrets]).toEqual([before.main, before.secrets]);
    expect(store.problems()).toEqual([]);
    expect(calls).toBe(2);
  });

  it('an error while writing leaves the previous files', async () => {
    const deps = testDeps();
    const store = createConfigService(deps, {
      io: { prepareFiles: () => Promise.reject(Object.assign(new Error('no space left'), { code: 'ENOSPC' })) },
    });
    const before = fs.readFileSync(store.paths.main, 'utf8');
    await expect(store.apply({ op: 'main', patch: { timezone: 'Europe/Paris' } })).rejects.toMatchObject({
      code: 'CONFIG_SAVE_FAILED',
    });
    expect(fs.readFileSync(store.paths.main, 'utf8')).toBe(before);
    expect(store.state().main.timezone).not.toBe('Europe/Paris');
  });
});
