import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite } from '../../db/sqlite.ts';
import { createCacheStore } from '../../core/display/kv-cache.ts';
import { createDesiredState, displayDurationMs, updateIntervalMs } from '../../core/display/desired-state.ts';
import { startRuntime, writeConfig, writePlugin } from '../support/display.ts';
import { tempDir } from '../support/temp.ts';

function setup() {
  const root = tempDir();
  const db = openSqlite(path.join(root, 'data'));
  const configDir = path.join(root, 'config');
  const pluginsDir = path.join(root, 'plugin-repos');
  fs.mkdirSync(pluginsDir, { recursive: true });
  const reader = createDesiredState({ configDir, pluginsDir, sqlite: db.sqlite });
  return { db, configDir, pluginsDir, reader };
}

describe('desired state', () => {
  it('reads enabled flags, secrets, order, schedules; a plugin is enabled only by enabled: true', () => {
    const { configDir, pluginsDir, reader, db } = setup();
    writePlugin(pluginsDir, 'a', { default_duration: 7, update_interval: 120 });
    writePlugin(pluginsDir, 'b');
    writePlugin(pluginsDir, 'c');
    writeConfig(configDir, {
      a: { enabled: true, api: { url: 'x' } },
      b: { enabled: 'yes', display_duration: '12' },
      display: { plugin_rotation_order: ['b', 'ghost'], hardware: { brightness: 70 } },
      timezone: 'Europe/Paris',
      schedule: { enabled: true },
    });
    fs.writeFileSync(path.join(configDir, 'config_secrets.json'), JSON.stringify({ a: { api: { key: 's3cret' } } }));
    const d = reader.poll()!;
    expect([...d.plugins.values()].map((p) => [p.id, p.enabled])).toEqual([
      ['a', true],
      ['b', false],
      ['c', false],
    ]);
    expect(d.plugins.get('a')!.config.api).toEqual({ url: 'x', key: 's3cret' });
    expect(d.order).toEqual(['b', 'a', 'c']);
    expect([d.timezone, d.hardware.brightness, d.schedule?.enabled]).toEqual(['Europe/Paris', 70, true]);
    expect(displayDurationMs(d.plugins.get('a')!)).toBe(7_000);
    expect(displayDurationMs(d.plugins.get('b')!)).toBe(12_000);
    expect(displayDurationMs(d.plugins.get('c')!)).toBe(15_000);
    expect(updateIntervalMs(d.plugins.get('a')!)).toBe(120_000);
    expect(reader.poll()).toBeNull();
    db.close();
  });

  it('notices a config change, a new plugin folder and a database request, and nothing else', () => {
    const { configDir, pluginsDir, reader, db } = setup();
    writeConfig(configDir, {});
    reader.poll();
    expect(reader.poll()).toBeNull();
    writeConfig(configDir, { a: { enabled: true } });
    expect(reader.poll()).not.toBeNull();
    writePlugin(pluginsDir, 'late');
    expect(reader.poll()!.plugins.has('late')).toBe(true);
    const web = openSqlite(path.dirname(db.file));
    web.sqlite
      .prepare("INSERT INTO display_on_demand (id, request_id, plugin_id, requested_at) VALUES (1, 'r1', 'late', 1)")
      .run();
    expect(reader.poll()!.onDemand).toMatchObject({ requestId: 'r1', pluginId: 'late' });
    expect(reader.poll()).toBeNull();
    web.close();
    db.close();
  });

  it('a broken config file is reported and read as empty; LEDMatrix (Python) plugins and hidden folders are not run', () => {
    const { configDir, pluginsDir, reader, db } = setup();
    fs.mkdirSync(configDir, { recursive: true });
    fs.writeFileSync(path.join(configDir, 'config.json'), '{"a": {"enabled": tru');
    writePlugin(pluginsDir, 'py', { entry_point: 'manager.py' });
    writePlugin(pluginsDir, 'escape', { entry_point: '../x.js' });
    fs.mkdirSync(path.join(pluginsDir, '.staging', 'op1'), { recursive: true });
    writePlugin(path.join(pluginsDir, '.staging'), 'staged');
    const d = reader.poll()!;
    expect(d.errors[0]).toMatch(/config.json is not valid JSON/);
    expect(d.plugins.get('py')).toMatchObject({ entry: null, problem: expect.stringMatching(/Python/) });
    expect(d.plugins.get('escape')).toMatchObject({ entry: null, problem: expect.stringMatching(/outside/) });
    expect(d.plugins.has('staged')).toBe(false);
    db.close();
  });
});

describe('plugin cache', () => {
  it('survives a restart of the display, written in one batch', async () => {
    const first = await startRuntime({ plugins: { c: {} }, config: { c: { enabled: true } } });
    await first.until(() => first.runtime.runners.get('c')?.eligible() === true, 5000, 'loaded');
    first.runtime.flush(() => {});
    const row = first.db.sqlite
      .prepare("SELECT value FROM plugin_cache WHERE plugin_id = 'c' AND key = 'starts'")
      .get();
    expect(row).toEqual({ value: '1' });
    const writes = first.runtime.dbWrites();
    first.runtime.flush(() => {});
    expect(first.runtime.dbWrites()).toBe(writes + 1);
    expect(first.db.sqlite.prepare('SELECT count(*) AS n FROM plugin_cache').get()).toEqual({ n: 1 });
    // What a display started again reads back (a fresh store over the same database file).
    const again = createCacheStore(first.web.sqlite, () => Date.now());
    expect(again.snapshot('c')).toEqual({ starts: { value: '1', expiresAt: null } });
  });
});
