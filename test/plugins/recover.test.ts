import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverStaging } from '../../core/plugins/staging/recover.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { testDeps } from '../support/deps.ts';
import { fileConfigPort } from '../support/file-config-port.ts';
import { writePluginFolder } from '../support/zip.ts';

const staging = (dir: string) => path.join(dir, '.staging');

describe('staging recovery', () => {
  it('removes loose files and folders that are not operations', async () => {
    const deps = testDeps();
    fs.mkdirSync(path.join(staging(deps.settings.pluginsDir), 'not an op'), { recursive: true });
    fs.writeFileSync(path.join(staging(deps.settings.pluginsDir), 'stray.tmp'), 'x');
    const outcomes = await recoverStaging(deps);
    expect(outcomes.map((o) => o.result)).toEqual(['discarded', 'discarded']);
    expect(fs.readdirSync(staging(deps.settings.pluginsDir))).toEqual([]);
  });

  it('keeps a folder whose journal is unreadable: it may hold the only copy of a plugin', async () => {
    const deps = testDeps();
    const op = path.join(staging(deps.settings.pluginsDir), 'op1');
    fs.mkdirSync(path.join(op, 'previous'), { recursive: true });
    fs.writeFileSync(path.join(op, 'journal.json'), '{"v":1,');
    const [outcome] = await recoverStaging(deps);
    expect(outcome).toMatchObject({ opId: 'op1', result: 'deferred' });
    expect(fs.existsSync(path.join(op, 'previous'))).toBe(true);
  });

  it('defers an interrupted uninstall until a config store is there to restore its settings', async () => {
    const deps = testDeps();
    writePluginFolder(deps.settings.pluginsDir, { id: 'demo' });
    await discoverPlugins(deps);
    const config = fileConfigPort(deps.settings.configDir);
    // An uninstall interrupted after its journal was written (config possibly already removed).
    fs.mkdirSync(path.join(staging(deps.settings.pluginsDir), 'u2'), { recursive: true });
    fs.writeFileSync(
      path.join(staging(deps.settings.pluginsDir), 'u2', 'journal.json'),
      JSON.stringify({
        v: 1,
        kind: 'uninstall',
        opId: 'u2',
        pluginId: 'demo',
        startedAt: 0,
        phase: 'begun',
        snapshot: { pluginId: 'demo', config: { enabled: true } },
        preserveConfig: false,
        hadTombstone: false,
        present: true,
        removeFiles: true,
        version: '1.0.0',
        source: 'local',
        previousRow: null,
      }),
    );
    expect(await recoverStaging(deps)).toEqual([expect.objectContaining({ opId: 'u2', result: 'deferred' })]);
    expect(await recoverStaging(deps, { config })).toEqual([
      expect.objectContaining({ opId: 'u2', result: 'rolled-back' }),
    ]);
    // The config store created the default file at start; the plugin's section is back beside it.
    expect(JSON.parse(fs.readFileSync(path.join(deps.settings.configDir, 'config.json'), 'utf8'))).toMatchObject({
      demo: { enabled: true },
    });
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'demo', 'manifest.json'))).toBe(true);
  });
});
