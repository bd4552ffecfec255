import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { openDb } from '../../db/client.ts';
import { openSqlite } from '../../db/sqlite.ts';
import { putPluginState, recordEnabled } from '../../core/plugins/state/rows.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { createCacheStore } from '../../core/display/kv-cache.ts';
import { createDesiredState, displayDurationMs, updateIntervalMs } from '../../core/display/desired-state.ts';
import { startRuntime, writeConfig, writePlugin } from '../support/display.ts';
import { tempDir } from '../support/temp.ts';

type Status = 'installed' | 'enabled' | 'disabled' | 'error' | 'incompatible' | 'missing' | 'uninstalled';

/** A display's reader and a web-side connection (Drizzle, as lifecycle writes plugin_state). */
function setup() {
  const root = tempDir();
  const db = openSqlite(path.join(root, 'data'));
  const web = openDb(path.join(root, 'data'));
  const clock = manualClock(Date.UTC(2026, 0, 5, 12, 0));
  const configDir = path.join(root, 'config');
  const pluginsDir = path.join(root, 'plugin-repos');
  fs.mkdirSync(pluginsDir, { recursive: true });
  writeConfig(configDir, {});
  const reader = createDesiredState({ configDir, sqlite: db.sqlite });
  const deps = { db: web, clock };
  /** A plugin folder and its plugin_state row, as an install or discovery leaves them. */
  const install = (id: string, status: Status, manifest: Record<string, unknown> = {}) => {
    const dir = writePlugin(pluginsDir, id, manifest);
    putPluginState(deps, {
      id,
      name: id,
      version: '1.0.0',
      source: 'local',
      path: dir,
      present: status !== 'missing',
      status,
      enabled: status === 'enabled',
    });
    return dir;
  };
  onTestFinished(() => (web.close(), db.close()));
  return { db, web, deps, configDir, pluginsDir, reader, install };
}

describe('desired state', () => {
  it('plugins and their enabled flag from plugin_state; settings, secrets, order and schedules from config', () => {
    const { configDir, reader, install } = setup();
    install('a', 'enabled', { default_duration: 7, update_interval: 120 });
    install('b', 'enabled');
    install('c', 'disabled');
    install('d', 'installed');
    writeConfig(configDir, {
      a: { enabled: true, api: { url: 'x' } },
      b: { enabled: false, display_duration: '12' },
      // Config's flag alone says nothing to the display: plugin_state is its projection.
      c: { enabled: true },
      display: { plugin_rotation_order: ['b', 'ghost'], hardware: { brightness: 70 } },
      timezone: 'Europe/Paris',
      schedule: { enabled: true },
    });
    fs.writeFileSync(path.join(configDir, 'config_secrets.json'), JSON.stringify({ a: { api: { key: 's3cret' } } }));
    const d = reader.poll()!;
    expect([...d.plugins.values()].map((p) => [p.id, p.enabled])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['d', false],
    ]);
    expect(d.plugins.get('a')!.config.api).toEqual({ url: 'x', key: 's3cret' });
    expect(d.order).toEqual(['b', 'a', 'c', 'd']);
    expect([d.timezone, d.hardware.brightness, d.schedule?.enabled]).toEqual(['Europe/Paris', 70, true]);
    expect(displayDurationMs(d.plugins.get('a')!)).toBe(7_000);
    expect(displayDurationMs(d.plugins.get('b')!)).toBe(12_000);
    expect(displayDurationMs(d.plugins.get('c')!)).toBe(15_000);
    expect(updateIntervalMs(d.plugins.get('a')!)).toBe(120_000);
    expect(reader.poll()).toBeNull();
  });

  it('notices a toggle, a config change, a replaced manifest and a request; an idle poll reads no file and runs no query', () => {
    const { configDir, reader, install, deps, web, db } = setup();
    const dir = install('a', 'disabled');
    reader.poll();
    const reads = vi.spyOn(fs, 'readFileSync');
    const queries = vi.spyOn(db.sqlite, 'prepare');
    onTestFinished(() => (reads.mockRestore(), queries.mockRestore()));
    expect(reader.poll()).toBeNull();
    expect(reads).not.toHaveBeenCalled();
    expect(queries).not.toHaveBeenCalled();

    recordEnabled(deps, 'a', true);
    expect(reader.poll()!.plugins.get('a')!.enabled).toBe(true);
    expect(reads).not.toHaveBeenCalled();
    writeConfig(configDir, { a: { display_duration: 5 } });
    expect(displayDurationMs(reader.poll()!.plugins.get('a')!)).toBe(5_000);
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ id: 'a', entry_point: 'plugin.js', fps: 24 }));
    expect(reader.poll()!.plugins.get('a')!.manifest.fps).toBe(24);
    install('late', 'enabled');
    expect(reader.poll()!.plugins.has('late')).toBe(true);
    web.sqlite
      .prepare("INSERT INTO display_on_demand (id, request_id, plugin_id, requested_at) VALUES (1, 'r1', 'late', 1)")
      .run();
    expect(reader.poll()!.onDemand).toMatchObject({ requestId: 'r1', pluginId: 'late' });
    // A heartbeat (another commit) changes data_version but nothing the display runs by.
    web.sqlite.prepare("INSERT INTO heartbeats (process, pid, started_at, beat_at) VALUES ('web', 1, 1, 1)").run();
    expect(reader.poll()).toBeNull();
  });

  it('runs only what plugin_state says is usable; folders it does not know, or that cannot run, are not run', () => {
    const { pluginsDir, reader, install } = setup();
    for (const status of ['error', 'incompatible', 'missing', 'uninstalled'] as const) install(status, status);
    writePlugin(pluginsDir, 'stray');
    install('py', 'enabled', { entry_point: 'manager.py' });
    install('escape', 'enabled', { entry_point: '../x.js' });
    install('other', 'enabled', { id: 'someone-else' });
    const d = reader.poll()!;
    expect([...d.plugins.keys()]).toEqual(['escape', 'other', 'py']);
    expect(d.plugins.get('py')).toMatchObject({ entry: null, problem: 'entry_point manager.py does not exist' });
    expect(d.plugins.get('escape')).toMatchObject({ entry: null, problem: expect.stringMatching(/outside/) });
    expect(d.plugins.get('other')).toMatchObject({ entry: null, problem: expect.stringMatching(/someone-else/) });
  });

  it('a broken config file is reported and read as empty', () => {
    const { configDir, reader, install } = setup();
    install('a', 'enabled');
    fs.writeFileSync(path.join(configDir, 'config.json'), '{"a": {"display_duration": 5');
    const d = reader.poll()!;
    expect(d.errors[0]).toMatch(/config.json is not valid JSON/);
    expect(d.plugins.get('a')).toMatchObject({ enabled: true, config: {} });
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
    expect(again.snapshotForHost('c')).toEqual({ starts: { value: '1', expires_at: null } });
  });
});
