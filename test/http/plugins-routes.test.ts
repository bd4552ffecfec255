import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { uninstallPlugin } from '../../core/plugins/uninstall.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { fileConfigPort, writeConfigFiles } from '../support/file-config-port.ts';
import { tempDir } from '../support/temp.ts';
import { writePluginFolder } from '../support/zip.ts';

const LEDMATRIX_FIELDS = [
  'id',
  'name',
  'version',
  'latest_version',
  'update_available',
  'author',
  'category',
  'description',
  'tags',
  'enabled',
  'verified',
  'state',
  'error_info',
  'last_updated',
];

async function appWithPlugins() {
  const deps = testDeps();
  writePluginFolder(deps.settings.pluginsDir, { id: 'clock', version: '1.0.0', manifest: { author: 'Ann' } });
  writePluginFolder(deps.settings.pluginsDir, {
    id: 'text',
    manifest: { author: undefined, category: undefined, description: undefined },
  });
  await discoverPlugins(deps, { enabledOf: (id) => (id === 'clock' ? true : undefined) });
  return testApp(deps);
}

describe('GET /api/v3/plugins/installed', () => {
  it('answers an empty list when nothing is installed', async () => {
    const { app } = await testApp();
    const res = await app.request('/api/v3/plugins/installed');
    expect(res.status).toBe(200);
    expect((await res.json()).data).toEqual({ plugins: [] });
  });

  it('lists plugins with LEDMatrix fields and defaults, from state alone', async () => {
    const { app, deps } = await appWithPlugins();
    // Listing must not read the disk: with the folders gone the answer is unchanged until the next scan.
    fs.rmSync(deps.settings.pluginsDir, { recursive: true });
    const body = await (await app.request('/api/v3/plugins/installed')).json();
    const [clock, text] = body.data.plugins;
    for (const field of LEDMATRIX_FIELDS) expect(clock).toHaveProperty(field);
    expect(clock).toMatchObject({
      id: 'clock',
      version: '1.0.0',
      author: 'Ann',
      enabled: true,
      state: 'enabled',
      update_available: false,
      latest_version: null,
      verified: false,
      error_info: null,
    });
    expect(text).toMatchObject({
      author: 'Unknown',
      category: 'General',
      description: 'No description available',
      state: 'installed',
    });
    expect(typeof clock.last_updated).toBe('string');
  });
});

describe('installed list cache', () => {
  it('follows writes by this process and commits by another process', async () => {
    const { app, deps } = await appWithPlugins();
    const ids = async () =>
      ((await (await app.request('/api/v3/plugins/installed')).json()).data.plugins as Array<{ id: string }>).map(
        (p) => p.id,
      );
    expect(await ids()).toEqual(['clock', 'text']);
    writePluginFolder(deps.settings.pluginsDir, { id: 'news' });
    await discoverPlugins(deps);
    expect(await ids()).toEqual(['clock', 'news', 'text']);
    const other = openDb(deps.settings.dataDir);
    try {
      other.sqlite.prepare("UPDATE plugin_state SET status = 'uninstalled', present = 0 WHERE id = 'news'").run();
    } finally {
      other.close();
    }
    // Another process's commit shows within a few milliseconds, not necessarily at the next request.
    await expect.poll(ids).toEqual(['clock', 'text']);
  });

  it('carries an ETag: the same list answers 304 to If-None-Match, a changed one 200 with a new tag', async () => {
    const { app, deps } = await appWithPlugins();
    const first = await app.request('/api/v3/plugins/installed');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const again = await app.request('/api/v3/plugins/installed', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('x-content-type-options')).toBe('nosniff');
    expect(
      (await app.request('/api/v3/plugins/installed', { headers: { 'if-none-match': `"other", ${etag}` } })).status,
    ).toBe(304);
    expect((await app.request('/api/v3/plugins/installed', { headers: { 'if-none-match': '"other"' } })).status).toBe(
      200,
    );
    writePluginFolder(deps.settings.pluginsDir, { id: 'news' });
    await discoverPlugins(deps);
    const changed = await app.request('/api/v3/plugins/installed', { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect((await changed.json()).data.plugins.map((p: { id: string }) => p.id)).toEqual(['clock', 'news', 'text']);
  });
});

describe('GET /api/v3/plugins/state', () => {
  it('returns every record keyed by plugin id', async () => {
    const { app } = await appWithPlugins();
    const body = await (await app.request('/api/v3/plugins/state')).json();
    expect(Object.keys(body.data)).toEqual(['clock', 'text']);
    expect(body.data.clock).toMatchObject({
      plugin_id: 'clock',
      status: 'enabled',
      enabled: true,
      present: true,
      tombstoned: false,
    });
  });

  it('returns one record with ?plugin_id', async () => {
    const { app } = await appWithPlugins();
    const body = await (await app.request('/api/v3/plugins/state?plugin_id=text')).json();
    expect(body.data).toMatchObject({ plugin_id: 'text', status: 'installed', version: '1.0.0' });
  });

  it('answers 404 PLUGIN_NOT_FOUND for an unknown id', async () => {
    const { app } = await appWithPlugins();
    const res = await app.request('/api/v3/plugins/state?plugin_id=nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error_code: 'PLUGIN_NOT_FOUND', context: { plugin_id: 'nope' } });
  });

  it('answers 400 naming the field for an id that is not a plugin id', async () => {
    const { app } = await appWithPlugins();
    const res = await app.request('/api/v3/plugins/state?plugin_id=../x');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error_code).toBe('VALIDATION_ERROR');
    expect(body.context.problems[0]).toMatchObject({ in: 'query', field: 'plugin_id', received: '"../x"' });
  });
});

describe('web process start', () => {
  const running: WebProcess[] = [];
  afterEach(async () => {
    for (const w of running.splice(0)) await w.shutdown('test');
  });

  const start = async (root: string) => {
    const settings = loadSettings(
      {},
      {
        auth: 'off',
        dataDir: path.join(root, 'data'),
        configDir: path.join(root, 'config'),
        pluginsDir: path.join(root, 'plugins'),
        port: 0,
        logLevel: 'silent',
      },
    );
    const web = await startWebProcess({ settings, superviseDisplay: false });
    running.push(web);
    return web;
  };
  const installedList = async (web: WebProcess) =>
    (
      (await (await fetch(`${web.url}/api/v3/plugins/installed`)).json()) as {
        data: { plugins: Array<Record<string, unknown>> };
      }
    ).data.plugins;

  it('knows the plugins on disk and enabled in config before the first request, and sweeps staging debris', async () => {
    const root = tempDir();
    writePluginFolder(path.join(root, 'plugins'), { id: 'clock' });
    writeConfigFiles(path.join(root, 'config'), { clock: { enabled: true } });
    fs.mkdirSync(path.join(root, 'plugins', '.staging', 'crashed-op', 'new'), { recursive: true });
    const web = await start(root);
    expect(await installedList(web)).toEqual([
      expect.objectContaining({ id: 'clock', enabled: true, state: 'enabled' }),
    ]);
    expect(fs.readdirSync(path.join(root, 'plugins', '.staging'))).toEqual([]);
  });

  it('still starts, with an empty list, when the plugins directory cannot be read', async () => {
    const root = tempDir();
    fs.writeFileSync(path.join(root, 'plugins'), 'not a folder');
    const web = await start(root);
    expect(await installedList(web)).toEqual([]);
  });

  it('uninstall, folder and config restored by hand, restart → not enabled, listed as tombstoned', async () => {
    const root = tempDir();
    const pluginsDir = path.join(root, 'plugins');
    writePluginFolder(pluginsDir, { id: 'clock' });
    writeConfigFiles(path.join(root, 'config'), { clock: { enabled: true } });
    const first = await start(root);
    await uninstallPlugin(first.deps, fileConfigPort(first.deps.settings.configDir), { opId: 'u1', pluginId: 'clock' });
    await first.shutdown('restart');
    running.splice(0);
    writePluginFolder(pluginsDir, { id: 'clock' });
    writeConfigFiles(path.join(root, 'config'), { clock: { enabled: true } });
    const second = await start(root);
    expect(await installedList(second)).toEqual([
      expect.objectContaining({ id: 'clock', state: 'uninstalled', tombstoned: true, enabled: false }),
    ]);
  });
});
