import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../core/platform/errors/app-error.ts';
import type { PluginConfigPort } from '../../core/plugins/config-port.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { listInstalled } from '../../core/plugins/state/installed.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { isTombstoned } from '../../core/plugins/state/tombstones.ts';
import { uninstallPlugin } from '../../core/plugins/uninstall.ts';
import { testDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';
import { fileConfigPort, readConfigFiles, writeConfigFiles } from '../support/file-config-port.ts';
import { treeOf, writePluginFolder } from '../support/zip.ts';

const CONFIG = { display: { brightness: 80 }, demo: { enabled: true, city: 'Oslo' }, other: { enabled: false } };
const SECRETS = { demo: { api_key: 'k-1' }, other: { token: 't-2' } };

/** `builtin`: the plugins folder is also the built-in folder, so folders without an install record are first-party. */
async function setup(opts: { builtin?: boolean } = {}) {
  const shared = path.join(tempDir(), 'plugin-repos');
  const deps = opts.builtin ? testDeps({ pluginsDir: shared, 'registry.builtinDir': shared }) : testDeps();
  const { pluginsDir, configDir } = deps.settings;
  writePluginFolder(pluginsDir, { id: 'demo' });
  writePluginFolder(pluginsDir, { id: 'other' });
  writeConfigFiles(configDir, CONFIG, SECRETS);
  await discoverPlugins(deps, { enabledOf: (id) => (id === 'demo' ? true : undefined) });
  return { deps, config: fileConfigPort(configDir), root: path.dirname(pluginsDir) };
}

async function failure(p: Promise<unknown>) {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe('uninstall', () => {
  it('removes config and secrets first, records a tombstone, removes the files', async () => {
    const { deps, config } = await setup();
    const result = await uninstallPlugin(deps, config, { opId: 'u1', pluginId: 'demo' });
    expect(result).toEqual({ pluginId: 'demo', removedFiles: true, preservedConfig: false });
    const files = readConfigFiles(deps.settings.configDir);
    expect(files.config).toEqual({ display: { brightness: 80 }, other: { enabled: false } });
    expect(files.secrets).toEqual({ other: { token: 't-2' } });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo'))).toBe(false);
    expect(isTombstoned(deps, 'demo')).toBe(true);
    expect(getPluginState(deps, 'demo')).toMatchObject({ status: 'uninstalled', present: false, enabled: false });
    expect(fs.readdirSync(path.join(deps.settings.pluginsDir, '.staging'))).toEqual([]);
  });

  it('keeps config and secrets with preserveConfig', async () => {
    const { deps, config } = await setup();
    await uninstallPlugin(deps, config, { opId: 'u1', pluginId: 'demo', preserveConfig: true });
    expect(readConfigFiles(deps.settings.configDir)).toEqual({ config: CONFIG, secrets: SECRETS });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo'))).toBe(false);
  });

  it('refuses ../x with 400 before touching anything', async () => {
    const { deps, config, root } = await setup();
    fs.mkdirSync(path.join(root, 'x'));
    const before = treeOf(root, (r) => r === 'data');
    const e = await failure(uninstallPlugin(deps, config, { opId: 'u1', pluginId: '../x' }));
    expect(e.status).toBe(400);
    expect(e.code).toBe('VALIDATION_ERROR');
    expect(treeOf(root, (r) => r === 'data')).toEqual(before);
    expect(readConfigFiles(deps.settings.configDir)).toEqual({ config: CONFIG, secrets: SECRETS });
  });

  it('answers 404 PLUGIN_NOT_FOUND for an unknown id and records nothing', async () => {
    const { deps, config } = await setup();
    const e = await failure(uninstallPlugin(deps, config, { opId: 'u1', pluginId: 'nope' }));
    expect(e.code).toBe('PLUGIN_NOT_FOUND');
    expect(e.status).toBe(404);
    expect(isTombstoned(deps, 'nope')).toBe(false);
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, '.staging', 'u1'))).toBe(false);
  });

  it('restores config, secrets, tombstone and state when removing the files fails', async () => {
    const { deps, config } = await setup();
    const rowBefore = getPluginState(deps, 'demo');
    const e = await failure(
      uninstallPlugin(deps, config, {
        opId: 'u1',
        pluginId: 'demo',
        // A non-empty folder where the plugin is about to be moved: the real rename fails (ENOTEMPTY).
        onStep: (step) => {
          if (step !== 'uninstall:tombstoned') return;
          const blocker = path.join(deps.settings.pluginsDir, '.staging', 'u1', 'removed');
          fs.mkdirSync(blocker);
          fs.writeFileSync(path.join(blocker, 'x'), 'x');
        },
      }),
    );
    expect(e.code).toBe('PLUGIN_UNINSTALL_FAILED');
    expect(e.details).toMatch(/ENOTEMPTY|EEXIST/);
    expect(readConfigFiles(deps.settings.configDir)).toEqual({ config: CONFIG, secrets: SECRETS });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo', 'index.js'))).toBe(true);
    expect(isTombstoned(deps, 'demo')).toBe(false);
    expect(getPluginState(deps, 'demo')).toMatchObject({ ...rowBefore, updatedAt: expect.any(Number) });
    expect(fs.readdirSync(path.join(deps.settings.pluginsDir, '.staging'))).toEqual([]);
  });

  it('leaves files untouched when removing the config fails', async () => {
    const { deps, config } = await setup();
    const failing: PluginConfigPort = {
      ...config,
      removeSection: async () => {
        throw new Error('disk full');
      },
    };
    const e = await failure(uninstallPlugin(deps, failing, { opId: 'u1', pluginId: 'demo' }));
    expect(e.code).toBe('PLUGIN_UNINSTALL_FAILED');
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo', 'manifest.json'))).toBe(true);
    expect(readConfigFiles(deps.settings.configDir)).toEqual({ config: CONFIG, secrets: SECRETS });
    expect(isTombstoned(deps, 'demo')).toBe(false);
  });

  it('uninstalls a plugin whose folder is already gone: settings removed, tombstoned, no longer listed', async () => {
    const { deps, config } = await setup();
    fs.rmSync(path.join(deps.settings.pluginsDir, 'demo'), { recursive: true });
    await discoverPlugins(deps);
    expect(getPluginState(deps, 'demo')?.status).toBe('missing');
    const result = await uninstallPlugin(deps, config, { opId: 'u1', pluginId: 'demo' });
    expect(result.removedFiles).toBe(false);
    expect(readConfigFiles(deps.settings.configDir).config.demo).toBeUndefined();
    expect(getPluginState(deps, 'demo')).toMatchObject({ status: 'uninstalled', present: false });
    expect(listInstalled(deps.db).map((p) => p.id)).toEqual(['other']);
  });

  it('hides and disables a built-in plugin but keeps its files', async () => {
    const { deps, config } = await setup({ builtin: true });
    const result = await uninstallPlugin(deps, config, { opId: 'u1', pluginId: 'demo' });
    expect(result.removedFiles).toBe(false);
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo', 'manifest.json'))).toBe(true);
    expect(getPluginState(deps, 'demo')).toMatchObject({ status: 'uninstalled', source: 'builtin', present: true });
    expect(readConfigFiles(deps.settings.configDir).config.demo).toBeUndefined();
  });

  it('deletes the folder of an uninstalled plugin that reappeared, keeping its tombstone', async () => {
    const { deps, config } = await setup();
    await uninstallPlugin(deps, config, { opId: 'u1', pluginId: 'demo' });
    writePluginFolder(deps.settings.pluginsDir, { id: 'demo' });
    await discoverPlugins(deps);
    await uninstallPlugin(deps, config, { opId: 'u2', pluginId: 'demo' });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo'))).toBe(false);
    expect(isTombstoned(deps, 'demo')).toBe(true);
    const again = await failure(uninstallPlugin(deps, config, { opId: 'u3', pluginId: 'demo' }));
    expect(again.code).toBe('PLUGIN_NOT_FOUND');
  });
});
