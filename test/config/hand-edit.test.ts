import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { finishFiles } from '../../core/config/files/atomic-write.ts';
import { describeProblem } from '../../core/config/health.ts';
import { createConfigService } from '../../core/config/service.ts';
import type { ConfigState } from '../../core/config/types.ts';
import { watchConfigFiles } from '../../core/config/files/watch.ts';
import { testDeps } from '../support/deps.ts';
import { backupIds, setup } from './helpers.ts';

/** A hand edit, as an editor saving in place would leave it (same inode, new size and mtime). */
function editInPlace(file: string, text: string) {
  fs.writeFileSync(file, text);
  const future = new Date(Date.now() + 5_000);
  fs.utimesSync(file, future, future);
}

describe('hand edits', () => {
  it('are picked up on the next read and kept by the next save', async () => {
    const s = await setup();
    const main = s.readMain();
    editInPlace(
      s.deps.config.paths.main,
      JSON.stringify({ ...main, timezone: 'Europe/Berlin', my_extra: { a: 1 } }, null, 2),
    );
    const got = (await s.call('GET', '/api/v3/config/main')).body;
    expect(got.data).toMatchObject({ timezone: 'Europe/Berlin', my_extra: { a: 1 } });
    expect(got.metadata.config_problems).toBeUndefined();
    expect(
      (await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Oslo' } })).status,
    ).toBe(200);
    expect(s.readMain()).toMatchObject({ timezone: 'Europe/Berlin', my_extra: { a: 1 }, weather: { city: 'Oslo' } });
  });

  it('that break the JSON: last good config served, file/line/column reported, broken file kept aside by the next save', async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Lima' } });
    const broken = '{\n  "timezone": "UTC"\n  "weather": { "city": "Quito" }\n}\n';
    editInPlace(s.deps.config.paths.main, broken);
    const got = (await s.call('GET', '/api/v3/config/main')).body;
    expect(got.data.weather.city).toBe('Lima');
    expect(got.metadata.config_problems).toEqual([
      expect.objectContaining({ file: 'config.json', kind: 'parse', line: 3, column: 3 }),
    ]);
    expect(got.message).toContain('config.json does not parse (line 3, column 3)');
    s.deps.clock.advance(2_000);
    const health = (await s.call('GET', '/api/v3/health')).body.data;
    expect(health.checks.config).toMatchObject({
      status: 'degraded',
      problems: [{ file: 'config.json', line: 3, column: 3 }],
    });

    const saved = await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { units: 'metric' } });
    expect(saved.status).toBe(200);
    expect(saved.body.data.kept_aside).toHaveLength(1);
    const aside = saved.body.data.kept_aside[0] as string;
    expect(path.basename(aside)).toMatch(/^config\.json\.invalid-\d{8}T\d{9}Z$/);
    expect(fs.readFileSync(aside, 'utf8')).toBe(broken);
    expect(s.readMain().weather).toEqual({ city: 'Lima', units: 'metric' });
    expect((await s.call('GET', '/api/v3/config/main')).body.metadata.config_problems).toBeUndefined();
  });

  it('that parse but hold values Marquee refuses are picked up and reported with their field paths', async () => {
    const s = await setup();
    const main = s.readMain();
    main.display.hardware.brightness = 500;
    main.timezone = 'Mars/Olympus';
    editInPlace(s.deps.config.paths.main, JSON.stringify(main));
    const got = (await s.call('GET', '/api/v3/config/main')).body;
    expect(got.data.display.hardware.brightness).toBe(500);
    const fields = got.metadata.config_problems[0].problems.map((p: { field: string }) => p.field);
    expect(fields).toEqual(['display.hardware.brightness', 'timezone']);
  });

  it('of the secrets file are picked up too', async () => {
    const s = await setup();
    editInPlace(s.deps.config.paths.secrets, JSON.stringify({ weather: { api_key: 'typed-by-hand' } }));
    expect(s.deps.config.pluginSettings('weather').api_key).toBe('typed-by-hand');
    expect((await s.call('GET', '/api/v3/config/secrets')).body.data).toEqual({
      weather: { api_key: '\u2022'.repeat(8) },
    });
  });

  it('a config.json broken before start is served from its newest good backup and reported', async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Kyiv' } });
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Lviv' } });
    fs.writeFileSync(s.deps.config.paths.main, '{ "weather": ');
    const deps = testDeps(sameFolders(s.deps));
    const store = createConfigService(deps);
    expect(store.state().main.weather).toEqual({ city: 'Kyiv' });
    const [problem] = store.problems();
    expect(problem).toMatchObject({ file: 'config.json', kind: 'parse', line: 1 });
    const [newest] = backupIds(s.deps);
    expect(describeProblem(problem!)).toContain(`serving backup ${newest}`);
    expect(fs.readFileSync(s.deps.config.paths.main, 'utf8')).toBe('{ "weather": ');
  });

  it('broken while running: the last good content becomes the newest backup, which a restart serves', async () => {
    const s = await setup();
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Kyiv' } });
    await s.call('POST', '/api/v3/plugins/config', { plugin_id: 'weather', config: { city: 'Lviv', api_key: 'K-1' } });
    const before = backupIds(s.deps);
    editInPlace(s.deps.config.paths.main, '{ "weather": ');
    expect((await s.call('GET', '/api/v3/config/main')).body.data.weather.city).toBe('Lviv');
    await expect.poll(() => backupIds(s.deps).length).toBe(before.length + 1);
    const [kept] = s.deps.config.backups();
    expect(kept!.reason).toBe('last good content, kept when config.json stopped parsing');
    // Noticed once: reading the same broken file again keeps nothing more.
    editInPlace(s.deps.config.paths.main, '{ "weather": { ');
    await s.call('GET', '/api/v3/config/main');
    await new Promise((r) => setTimeout(r, 100));
    expect(backupIds(s.deps)).toHaveLength(before.length + 1);

    const restarted = createConfigService(testDeps(sameFolders(s.deps)));
    expect(restarted.state().main.weather).toEqual({ city: 'Lviv' });
    expect(restarted.state().secrets.weather).toEqual({ api_key: 'K-1' });
    expect(fs.readFileSync(s.deps.config.paths.main, 'utf8')).toBe('{ "weather": { ');
  });

  it('a save cut short after the broken file was kept aside leaves config.json in place for the next start', async () => {
    const s = await setup();
    const dirs = sameFolders(s.deps);
    let stall = false;
    // Stalled: the files are written and flushed under temporary names, and the process "dies" before renaming.
    const finish: typeof finishFiles = (p) => (stall ? new Promise<void>(() => {}) : finishFiles(p));
    const store = createConfigService(testDeps(dirs), { io: { finishFiles: finish } });
    await store.apply({ op: 'plugin', plugin_id: 'weather', config: { city: 'Lima' } });
    const broken = '{ "weather": { "city": "Quito" ';
    editInPlace(s.deps.config.paths.main, broken);
    stall = true;
    void store.apply({ op: 'plugin', plugin_id: 'weather', config: { units: 'metric' } });
    await new Promise((r) => setTimeout(r, 200));
    const asides = fs.readdirSync(dirs.configDir).filter((f) => f.startsWith('config.json.invalid-'));
    expect(asides).toHaveLength(1);
    expect(fs.readFileSync(s.deps.config.paths.main, 'utf8')).toBe(broken);

    const next = createConfigService(testDeps(dirs));
    expect(next.state().main.weather).toEqual({ city: 'Lima' });
    expect(fs.readFileSync(s.deps.config.paths.main, 'utf8')).toBe(broken);
  });
});

/** Settings for a restart over the same folders: config, plugins, and the database holding the history. */
const sameFolders = (deps: { settings: { configDir: string; pluginsDir: string; dataDir: string } }) => ({
  configDir: deps.settings.configDir,
  pluginsDir: deps.settings.pluginsDir,
  dataDir: deps.settings.dataDir,
});

describe('the config-watch task', () => {
  /** Each look the watcher takes, in order, to wait on instead of sleeping. */
  function looks() {
    const waiting: Array<() => void> = [];
    return {
      onCheck: () => waiting.splice(0).forEach((resolve) => resolve()),
      next: () => new Promise<void>((resolve) => waiting.push(resolve)),
    };
  }

  it('picks up an edit without a read, tells subscribers, and reports a broken one without touching it', async () => {
    const deps = testDeps();
    const look = looks();
    const ctrl = new AbortController();
    const first = look.next();
    const running = watchConfigFiles({ config: deps.config, log: deps.log, debounceMs: 20, onCheck: look.onCheck })(
      ctrl.signal,
    );
    await first;
    const seen = new Promise<ConfigState>((resolve) => deps.config.subscribe(resolve));
    // As an editor saves: a new file renamed over the old one.
    const main = JSON.parse(fs.readFileSync(deps.config.paths.main, 'utf8'));
    const tmp = `${deps.config.paths.main}.swp`;
    fs.writeFileSync(tmp, JSON.stringify({ ...main, timezone: 'Asia/Tokyo' }));
    fs.renameSync(tmp, deps.config.paths.main);
    expect((await seen).main.timezone).toBe('Asia/Tokyo');

    const broken = '{ "timezone": "Asia/Seoul", ';
    editInPlace(deps.config.paths.main, broken);
    const reported = () => deps.log.lines.some((l) => l.msg === 'config file problem; serving the last good content');
    while (!reported()) await look.next();
    expect(deps.log.lines.find((l) => l.msg === 'config file problem; serving the last good content')).toMatchObject({
      file: 'config.json',
      kind: 'parse',
      line: 1,
    });
    expect(fs.readFileSync(deps.config.paths.main, 'utf8')).toBe(broken);
    expect(deps.config.state().main.timezone).toBe('Asia/Tokyo');
    ctrl.abort();
    await running;
  });

  it('stops when its signal aborts, also before it started', async () => {
    const deps = testDeps();
    const ctrl = new AbortController();
    ctrl.abort();
    await watchConfigFiles({ config: deps.config, log: deps.log })(ctrl.signal);
  });
});
