import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { listInstalled } from '../../core/plugins/state/installed.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { addTombstone } from '../../core/plugins/state/tombstones.ts';
import { testDeps } from '../support/deps.ts';
import { writePluginFolder } from '../support/zip.ts';

function setup() {
  const deps = testDeps();
  fs.mkdirSync(deps.settings.pluginsDir, { recursive: true });
  return { deps, dir: deps.settings.pluginsDir };
}

describe('discovery', () => {
  it('records every valid plugin with its manifest facts and the enabled flag config holds', async () => {
    const { deps, dir } = setup();
    writePluginFolder(dir, { id: 'clock', version: '1.2.0', manifest: { author: 'Ann', tags: ['time'] } });
    writePluginFolder(dir, { id: 'text' });
    writePluginFolder(dir, { id: 'news' });
    const flags: Record<string, boolean> = { clock: true, text: false };
    const report = await discoverPlugins(deps, { enabledOf: (id) => flags[id] });
    expect(report.plugins).toEqual(['clock', 'news', 'text']);
    expect(getPluginState(deps, 'clock')).toMatchObject({
      version: '1.2.0',
      author: 'Ann',
      tags: ['time'],
      status: 'enabled',
      enabled: true,
      source: 'local',
      present: true,
    });
    expect(getPluginState(deps, 'text')).toMatchObject({ status: 'disabled', enabled: false });
    expect(getPluginState(deps, 'news')).toMatchObject({ status: 'installed', enabled: false });
  });

  it('reports broken manifests as errors, reads LEDMatrix plugins as Python ones, without failing the scan', async () => {
    const { deps, dir } = setup();
    writePluginFolder(dir, { id: 'good' });
    writePluginFolder(dir, { id: 'broken' });
    fs.writeFileSync(path.join(dir, 'broken', 'manifest.json'), '{"id": "broken",');
    const python = { entry_point: 'manager.py', class_name: 'Demo' };
    writePluginFolder(dir, { id: 'python', manifest: python, files: { 'manager.py': '' } });
    writePluginFolder(dir, { id: 'nameless', manifest: { entry_point: 'manager.py' }, files: { 'manager.py': '' } });
    writePluginFolder(dir, {
      id: 'weather',
      manifest: { ...python, id: 'ledmatrix-weather' },
      files: { 'manager.py': '' },
    });
    writePluginFolder(dir, { id: 'renamed', manifest: { id: 'elsewhere' } });
    writePluginFolder(dir, { id: 'future', manifest: { min_marquee_version: '9.0.0' } });
    const report = await discoverPlugins(deps);
    expect(report.plugins).toEqual(['broken', 'future', 'good', 'nameless', 'python', 'renamed', 'weather']);
    expect(report.errors.map((e) => [e.id, e.status])).toEqual([
      ['broken', 'error'],
      ['future', 'incompatible'],
      ['nameless', 'error'],
      ['renamed', 'error'],
    ]);
    expect(getPluginState(deps, 'broken')?.lastError).toBe('manifest.json is not valid JSON');
    // No class_name, and its manager.py defines no class to find instead.
    expect(getPluginState(deps, 'nameless')?.lastError).toBe(
      "manager.py has no class deriving from BasePlugin (it defines no class); name the plugin's class in manifest.json's class_name",
    );
    // LEDMatrix's folder layout: the manifest says ledmatrix-weather, Marquee's id is weather.
    expect(getPluginState(deps, 'weather')).toMatchObject({ status: 'installed', lastError: null });
    expect(getPluginState(deps, 'python')).toMatchObject({ status: 'installed', lastError: null });
    const listed = listInstalled(deps.db).find((p) => p.id === 'broken');
    expect(listed).toMatchObject({
      state: 'error',
      enabled: false,
      error_info: { error: 'manifest.json is not valid JSON' },
    });
  });

  it('ignores the staging folder, dot-folders, loose files and names that cannot be ids', async () => {
    const { deps, dir } = setup();
    writePluginFolder(dir, { id: 'good' });
    fs.mkdirSync(path.join(dir, '.staging', 'op1', 'new'), { recursive: true });
    fs.mkdirSync(path.join(dir, '.git'));
    fs.mkdirSync(path.join(dir, 'Bad Name'));
    fs.writeFileSync(path.join(dir, 'README.md'), '#');
    const report = await discoverPlugins(deps);
    expect(report.plugins).toEqual(['good']);
    expect(report.skipped).toEqual(['Bad Name']);
  });

  it('marks a known plugin whose folder disappeared as missing', async () => {
    const { deps, dir } = setup();
    writePluginFolder(dir, { id: 'gone' });
    await discoverPlugins(deps);
    fs.rmSync(path.join(dir, 'gone'), { recursive: true });
    const report = await discoverPlugins(deps);
    expect(report.missing).toEqual(['gone']);
    expect(getPluginState(deps, 'gone')).toMatchObject({ status: 'missing', present: false });
  });

  it('lists a tombstoned folder as uninstalled, disabled even if config says enabled', async () => {
    const { deps, dir } = setup();
    writePluginFolder(dir, { id: 'back' });
    addTombstone(deps, { pluginId: 'back' });
    const report = await discoverPlugins(deps, { enabledOf: () => true });
    expect(report.tombstoned).toEqual(['back']);
    expect(report.plugins).toEqual([]);
    expect(getPluginState(deps, 'back')).toMatchObject({ status: 'uninstalled', enabled: false, present: true });
    expect(listInstalled(deps.db)).toEqual([
      expect.objectContaining({ id: 'back', state: 'uninstalled', tombstoned: true, enabled: false }),
    ]);
  });
});
