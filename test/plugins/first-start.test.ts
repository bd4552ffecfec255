import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, PROJECT_ROOT } from '../../hono.config.ts';
import { ENABLED_ON_FIRST_START, seedFirstStart } from '../../core/plugins/first-start.ts';
import { INSTALL_META_FILE } from '../../core/plugins/package/install-meta.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { addTombstone } from '../../core/plugins/state/tombstones.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';

const SHIPPED = ['clock', 'countdown', 'text', 'weather', 'web-ui-info'];

/** The shipped first-party plugins, copied into a test's plugins folder. */
function shipPlugins(pluginsDir: string) {
  for (const id of SHIPPED)
    fs.cpSync(path.join(PROJECT_ROOT, 'plugin-repos', id), path.join(pluginsDir, id), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}test`),
    });
}

const sections = (deps: TestDeps) =>
  Object.fromEntries(SHIPPED.map((id) => [id, deps.config.state().main[id] as unknown]));

describe('first start', () => {
  it('switches on the clock and the web UI address, and adds the other first-party plugins switched off, in one save', async () => {
    const deps = testDeps();
    shipPlugins(deps.settings.pluginsDir);
    const before = deps.config.backups().length;
    const outcome = await seedFirstStart(deps);
    expect(outcome).toEqual({
      firstStart: true,
      seeded: { clock: true, countdown: false, text: false, weather: false, 'web-ui-info': true },
    });
    expect(sections(deps)).toEqual({
      clock: { enabled: true },
      countdown: { enabled: false },
      text: { enabled: false },
      weather: { enabled: false },
      'web-ui-info': { enabled: true },
    });
    expect(deps.config.backups().length - before).toBeLessThanOrEqual(1);
    expect([...ENABLED_ON_FIRST_START]).toEqual(['clock', 'web-ui-info']);
  });

  it('writes nothing on the next start', async () => {
    const deps = testDeps();
    shipPlugins(deps.settings.pluginsDir);
    await seedFirstStart(deps);
    const text = fs.readFileSync(deps.config.paths.main, 'utf8');
    expect(await seedFirstStart(deps)).toEqual({ firstStart: false, seeded: {} });
    expect(fs.readFileSync(deps.config.paths.main, 'utf8')).toBe(text);
  });

  it('never switches back on what the user switched off, and adds a newly shipped plugin switched off', async () => {
    const deps = testDeps();
    shipPlugins(deps.settings.pluginsDir);
    await seedFirstStart(deps);
    await deps.config.apply({ op: 'plugin', plugin_id: 'clock', config: { enabled: false, time_format: '24h' } });
    const main = { ...deps.config.state().main };
    delete main['web-ui-info'];
    await deps.config.apply({ op: 'raw', file: 'main', content: main });
    const outcome = await seedFirstStart(deps);
    expect(outcome).toEqual({ firstStart: false, seeded: { 'web-ui-info': false } });
    expect(sections(deps).clock).toEqual({ enabled: false, time_format: '24h' });
    expect(sections(deps)['web-ui-info']).toEqual({ enabled: false });
  });

  it('leaves out a plugin the user uninstalled, and then it is not a first start any more', async () => {
    const deps = testDeps();
    shipPlugins(deps.settings.pluginsDir);
    addTombstone(deps, { pluginId: 'web-ui-info', source: 'builtin' });
    const outcome = await seedFirstStart(deps);
    expect(outcome.firstStart).toBe(false);
    expect(outcome.seeded).toEqual({ clock: false, countdown: false, text: false, weather: false });
    expect(sections(deps)['web-ui-info']).toBeUndefined();
  });

  it('only seeds first-party folders, not installed plugins', async () => {
    const deps = testDeps();
    shipPlugins(deps.settings.pluginsDir);
    const dir = deps.settings.pluginsDir;
    fs.writeFileSync(path.join(dir, 'weather', INSTALL_META_FILE), '{"source":"registry","installed_at":"x"}');
    const outcome = await seedFirstStart(deps);
    expect(Object.keys(outcome.seeded)).toEqual(['clock', 'countdown', 'text', 'web-ui-info']);
  });

  it('does not touch a config.json that does not parse', async () => {
    const deps = testDeps();
    shipPlugins(deps.settings.pluginsDir);
    fs.writeFileSync(deps.config.paths.main, '{"display": {');
    const outcome = await seedFirstStart(deps);
    expect(outcome.seeded).toEqual({});
    expect(outcome.skipped).toBeTruthy();
    expect(fs.readFileSync(deps.config.paths.main, 'utf8')).toBe('{"display": {');
    expect(deps.log.lines).toContainEqual(expect.objectContaining({ level: 'warn', file: 'config.json' }));
  });
});

describe('the web process on a first start', () => {
  const running: WebProcess[] = [];
  afterEach(async () => {
    for (const w of running.splice(0)) await w.shutdown('test');
  });

  it('has the clock and web UI address enabled before it answers, and the others installed but off', async () => {
    const root = tempDir();
    const settings = loadSettings(
      {},
      {
        auth: 'off',
        port: 0,
        dataDir: path.join(root, 'data'),
        configDir: path.join(root, 'config'),
        pluginsDir: path.join(root, 'plugin-repos'),
        'registry.builtinDir': path.join(root, 'plugin-repos'),
        'github.enrich': false,
        logLevel: 'silent',
      },
    );
    shipPlugins(settings.pluginsDir);
    const web = await startWebProcess({ settings, superviseDisplay: false });
    running.push(web);
    const enabled = Object.fromEntries(SHIPPED.map((id) => [id, getPluginState(web.deps, id)?.enabled]));
    expect(enabled).toEqual({ clock: true, countdown: false, text: false, weather: false, 'web-ui-info': true });
    const body = (await (await fetch(`${web.url}/api/v3/plugins/installed`)).json()) as {
      data: { plugins: Array<{ id: string; enabled: boolean; source?: string }> };
    };
    expect(body.data.plugins.map((p) => [p.id, p.enabled])).toEqual(
      expect.arrayContaining([
        ['clock', true],
        ['weather', false],
      ]),
    );
  });
});
