import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { startPluginHost, type PluginHost } from '../browser/support/plugin-host.ts';
import { writeConfigFiles } from '../support/file-config-port.ts';
import { tempDir } from '../support/temp.ts';
import { folderOf, monorepoArchive } from '../plugins/ledmatrix-fixture.ts';

// The reconciler with the real lifecycle executors: the registry and the plugin's archive are on a
// loopback host, the install is the same operation a user's request would run.

const running: WebProcess[] = [];
const hosts: PluginHost[] = [];

afterEach(async () => {
  for (const w of running.splice(0)) await w.shutdown('test');
  for (const h of hosts.splice(0)) await h.close();
});

async function start(root: string, host: PluginHost) {
  const settings = loadSettings(
    {},
    {
      auth: 'off',
      port: 0,
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugins'),
      'registry.builtinDir': path.join(root, 'builtin'),
      'registry.sources': [host.registryUrl],
      'github.enrich': false,
      logLevel: 'silent',
    },
  );
  const web = await startWebProcess({ settings, superviseDisplay: false });
  running.push(web);
  return web;
}

/** The registry lists `sunrise` (1.2.0, its archive served), config.json names it, the plugins folder is empty. */
async function sunrise() {
  const host = await startPluginHost();
  hosts.push(host);
  host.setRegistry([host.entry('sunrise')]);
  host.serveArchive({ id: 'sunrise', version: '1.2.0' });
  const root = tempDir();
  writeConfigFiles(path.join(root, 'config'), { sunrise: { enabled: true } });
  return { host, root, web: await start(root, host) };
}

describe('the reconciler with the real installer', () => {
  it('reinstalls a plugin config names but the disk lacks, enabled as config says, with no user action', async () => {
    const { host, root, web } = await sunrise();
    await web.deps.reconciler.idle();
    await expect
      .poll(() => web.deps.queue.history({ kind: 'repair' }).map((o) => [o.requestedBy, o.status]), {
        timeout: 10_000,
      })
      .toEqual([['reconciler', 'completed']]);

    expect(fs.existsSync(path.join(root, 'plugins', 'sunrise', 'manifest.json'))).toBe(true);
    expect(getPluginState(web.deps, 'sunrise')).toMatchObject({ version: '1.2.0', enabled: true, status: 'enabled' });
    expect(host.hits.get('/sunrise/archive/refs/heads/main.zip')).toBe(1);
  });

  it('reinstalls a plugin whose folder vanished while its state row and config section remain', async () => {
    const { host, root, web } = await sunrise();
    const repairs = () => web.deps.queue.history({ kind: 'repair' }).map((o) => o.status);
    await expect.poll(repairs, { timeout: 10_000 }).toEqual(['completed']);

    fs.rmSync(path.join(root, 'plugins', 'sunrise'), { recursive: true });
    const reconcile = () =>
      fetch(`${web.url}/api/v3/plugins/state/reconcile`, { method: 'POST' }).then((r) => r.json());
    const run = (await reconcile()).data;
    expect(run.fixed.map((f: { type: string }) => f.type)).toEqual(['plugin_state_mismatch', 'plugin_missing_on_disk']);
    await expect.poll(repairs, { timeout: 10_000 }).toEqual(['completed', 'completed']);

    expect(fs.existsSync(path.join(root, 'plugins', 'sunrise', 'manifest.json'))).toBe(true);
    expect(getPluginState(web.deps, 'sunrise')).toMatchObject({ version: '1.2.0', enabled: true, status: 'enabled' });
    expect(host.hits.get('/sunrise/archive/refs/heads/main.zip')).toBe(2);
    expect((await reconcile()).data.inconsistencies).toEqual([]);
  });

  it("reinstalls a LEDMatrix plugin its ledmatrix-<id> section names, as <id> with that section's settings, then rests", async () => {
    const host = await startPluginHost();
    hosts.push(host);
    host.setRegistry([host.entry('weather', { plugin_path: folderOf('weather') })]);
    host.serveZip('weather', monorepoArchive({ id: 'weather' }));
    const root = tempDir();
    writeConfigFiles(path.join(root, 'config'), { 'ledmatrix-weather': { enabled: true, city: 'Lyon' } });
    const web = await start(root, host);
    const repairs = () => web.deps.queue.history({ kind: 'repair' }).map((o) => [o.key, o.status]);
    await expect.poll(repairs, { timeout: 60_000 }).toEqual([['weather', 'completed']]);

    expect(fs.existsSync(path.join(root, 'plugins', 'weather', 'manager.py'))).toBe(true);
    expect(getPluginState(web.deps, 'weather')).toMatchObject({ version: '1.0.0', enabled: true, status: 'enabled' });
    const { main } = web.deps.config.state();
    expect(main.weather).toEqual({ enabled: true, city: 'Lyon' });
    expect(main['ledmatrix-weather']).toBeUndefined();
    const reconcile = () =>
      fetch(`${web.url}/api/v3/plugins/state/reconcile`, { method: 'POST' }).then((r) => r.json());
    expect((await reconcile()).data.inconsistencies).toEqual([]);
    expect(repairs()).toEqual([['weather', 'completed']]);
  });
});
