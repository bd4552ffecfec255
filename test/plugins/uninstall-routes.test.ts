import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { INSTALL_META_FILE } from '../../core/plugins/package/install-meta.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { isTombstoned } from '../../core/plugins/state/tombstones.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { readConfigFiles, writeConfigFiles } from '../support/file-config-port.ts';
import { collect } from '../support/lifecycle.ts';
import { tempDir } from '../support/temp.ts';
import { treeOf, writePluginFolder } from '../support/zip.ts';

const UNINSTALL = '/api/v3/plugins/uninstall';
const CONFIG = { display: { brightness: 80 }, demo: { enabled: true, city: 'Oslo' }, other: { enabled: false } };
const SECRETS = { demo: { api_key: 'k-1' }, other: { token: 't-2' } };
const META = JSON.stringify({ source: 'registry', installed_at: '2026-01-01T00:00:00Z' });

/** `builtin`: the plugins folder is also the built-in folder, and demo has no install record (first-party). */
async function setup(opts: { builtin?: boolean } = {}) {
  const shared = path.join(tempDir(), 'plugin-repos');
  const lifecycle = { lifecycleExecutors: true };
  const deps = opts.builtin
    ? testDeps({ pluginsDir: shared, 'registry.builtinDir': shared }, lifecycle)
    : testDeps({}, lifecycle);
  const { pluginsDir, configDir } = deps.settings;
  writePluginFolder(pluginsDir, { id: 'demo', files: opts.builtin ? {} : { [INSTALL_META_FILE]: META } });
  writePluginFolder(pluginsDir, { id: 'other', files: { [INSTALL_META_FILE]: META } });
  writeConfigFiles(configDir, CONFIG, SECRETS);
  await discoverPlugins(deps, { enabledOf: (id) => id === 'demo' });
  deps.tasks.startAll();
  const { app } = await testApp(deps);
  return { deps, app };
}

describe('POST /api/v3/plugins/uninstall', () => {
  it('removes settings and secrets, tombstones, removes the files; 200 with the operation', async () => {
    const { app, deps } = await setup();
    const changed = collect(deps, 'plugin.changed');
    const res = await app.request(UNINSTALL, jsonInit('POST', { plugin_id: 'demo' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toMatchObject({ operation_type: 'uninstall', status: 'completed', plugin_id: 'demo' });
    expect(body.message).toBe('Plugin demo uninstalled successfully');
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo'))).toBe(false);
    const { demo: _c, ...config } = CONFIG;
    const { demo: _s, ...secrets } = SECRETS;
    expect(readConfigFiles(deps.settings.configDir)).toEqual({ config, secrets });
    expect(isTombstoned(deps, 'demo')).toBe(true);
    expect(changed.map((e) => e.data)).toEqual([
      { plugin_id: 'demo', state: 'uninstalled', enabled: false, version: '1.0.0' },
    ]);
    const list = await (await app.request('/api/v3/plugins/installed')).json();
    expect(list.data.plugins.map((p: { id: string }) => p.id)).toEqual(['other']);
  });

  it('keeps settings and secrets with preserve_config', async () => {
    const { app, deps } = await setup();
    const res = await app.request(UNINSTALL, jsonInit('POST', { plugin_id: 'demo', preserve_config: true }));
    expect(res.status).toBe(200);
    expect(readConfigFiles(deps.settings.configDir)).toEqual({ config: CONFIG, secrets: SECRETS });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo'))).toBe(false);
  });

  it('../x → 400 before anything is touched, even with a folder of that name beside the plugins', async () => {
    const { app, deps } = await setup();
    const outside = path.join(path.dirname(deps.settings.pluginsDir), 'x');
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'keep.txt'), 'mine');
    const res = await app.request(UNINSTALL, jsonInit('POST', { plugin_id: '../x' }));
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0]).toMatchObject({
      in: 'body',
      field: 'plugin_id',
      received: '"../x"',
    });
    expect(fs.readFileSync(path.join(outside, 'keep.txt'), 'utf8')).toBe('mine');
    expect(deps.queue.history()).toEqual([]);
  });

  it('an unknown id → 404, nothing recorded', async () => {
    const { app, deps } = await setup();
    const res = await app.request(UNINSTALL, jsonInit('POST', { plugin_id: 'never-installed' }));
    expect(res.status).toBe(404);
    expect((await res.json()).error_code).toBe('PLUGIN_NOT_FOUND');
    expect(deps.queue.history()).toEqual([]);
    expect(isTombstoned(deps, 'never-installed')).toBe(false);
  });

  it.each([
    [{}, 'plugin_id'],
    [{ plugin_id: '' }, 'plugin_id'],
    [{ plugin_id: 'demo', preserve_config: 'yes' }, 'preserve_config'],
  ])('bad input %j → 400 naming %s', async (input, field) => {
    const { app } = await setup();
    const res = await app.request(UNINSTALL, jsonInit('POST', input));
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0]).toMatchObject({ field });
  });

  it('when removing the files fails, settings, secrets, tombstone and state are restored', async () => {
    const { app, deps } = await setup();
    const rowBefore = getPluginState(deps, 'demo');
    // Once the config store has saved the removal, a non-empty folder takes the place the plugin
    // folder is about to be moved to, so the real rename fails (ENOTEMPTY).
    deps.config.subscribe((state) => {
      if (state.main.demo !== undefined) return;
      const op = deps.queue.history({ kind: 'uninstall' })[0]!;
      const blocker = path.join(deps.settings.pluginsDir, '.staging', op.id, 'removed');
      fs.mkdirSync(blocker, { recursive: true });
      fs.writeFileSync(path.join(blocker, 'x'), 'x');
    });
    const res = await app.request(UNINSTALL, jsonInit('POST', { plugin_id: 'demo' }));
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body).toMatchObject({ error_code: 'PLUGIN_UNINSTALL_FAILED', context: { plugin_id: 'demo' } });
    expect(readConfigFiles(deps.settings.configDir)).toEqual({ config: CONFIG, secrets: SECRETS });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo', 'index.js'))).toBe(true);
    expect(isTombstoned(deps, 'demo')).toBe(false);
    expect(getPluginState(deps, 'demo')).toMatchObject({ ...rowBefore, updatedAt: expect.any(Number) });
    expect(treeOf(path.join(deps.settings.pluginsDir, '.staging'))).toEqual([]);
  });

  it('a built-in plugin is hidden and disabled, its files kept; installing it again brings it back', async () => {
    const { app, deps } = await setup({ builtin: true });
    const res = await app.request(UNINSTALL, jsonInit('POST', { plugin_id: 'demo' }));
    expect((await res.json()).message).toMatch(/built in: hidden and disabled/);
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo', 'manifest.json'))).toBe(true);
    const listed = async () =>
      (await (await app.request('/api/v3/plugins/installed')).json()).data.plugins.map((p: { id: string }) => p.id);
    expect(await listed()).toEqual(['other']);
    const install = await app.request('/api/v3/plugins/install', jsonInit('POST', { plugin_id: 'demo' }));
    expect(install.status).toBe(202);
    const { operation_id } = (await install.json()).data;
    const done = await deps.queue.waitFor(operation_id, 5_000);
    expect(done.operation).toMatchObject({ status: 'completed', message: 'Plugin demo (built in) restored' });
    expect(isTombstoned(deps, 'demo')).toBe(false);
    expect(await listed()).toEqual(['demo', 'other']);
    expect(getPluginState(deps, 'demo')).toMatchObject({ source: 'builtin', present: true, status: 'installed' });
  });
});
