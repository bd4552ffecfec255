/**
 * Plugins' uploaded images (`data/plugins/<id>/assets/`) travel with a backup and come back with
 * its restore; an uninstall removes the plugin's data folder with it, unless its settings are kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pluginsWithAssets } from '../../core/backup/plugin-assets.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { buildZip, writePluginFolder } from '../support/zip.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20, 1)]);
const META = JSON.stringify({ source: 'registry', installed_at: '2026-01-01T00:00:00Z' });

async function setup() {
  const deps = testDeps({}, { lifecycleExecutors: true });
  writePluginFolder(deps.settings.pluginsDir, { id: 'photos', files: { '.marquee-install.json': META } });
  await discoverPlugins(deps, { enabledOf: () => true });
  const { app } = await testApp(deps);
  const upload = async (name: string, bytes: Buffer) => {
    const form = new FormData();
    form.append('plugin_id', 'photos');
    form.append('files', new Blob([new Uint8Array(bytes)]), name);
    const res = await app.request('/api/v3/plugins/assets/upload', { method: 'POST', body: form });
    expect(res.status).toBe(200);
    return (await res.json()).data.uploaded_files[0] as { id: string; filename: string };
  };
  const listed = async () =>
    (
      (await (await app.request('/api/v3/plugins/assets/list?plugin_id=photos')).json()).data.assets as {
        id: string;
      }[]
    ).map((a) => a.id);
  const dataDir = path.join(deps.settings.dataDir, 'plugins', 'photos');
  return { deps, app, upload, listed, dataDir };
}

type App = Awaited<ReturnType<typeof setup>>['app'];
type Deps = Awaited<ReturnType<typeof setup>>['deps'];

async function restore(app: App, deps: Deps, zip: Buffer) {
  const init = { method: 'POST', headers: { 'content-type': 'application/zip' }, body: new Uint8Array(zip) };
  const res = await app.request('/api/v3/backup/restore', init);
  expect(res.status).toBe(202);
  const id = (await res.json()).data.operation_id as string;
  await deps.queue.runOnce();
  return deps.queue.get(id)!;
}

describe("plugins' uploaded images in backups", () => {
  it('upload, export, wipe, restore: the image and its record are back, and later images are gone', async () => {
    const { deps, app, upload, listed, dataDir } = await setup();
    const image = await upload('sun.png', PNG);
    const zip = Buffer.from(await (await app.request('/api/v3/backup/export')).arrayBuffer());
    fs.rmSync(dataDir, { recursive: true });
    const later = await upload('moon.gif', GIF);
    expect(await listed()).toEqual([later.id]);

    const done = await restore(app, deps, zip);
    expect(done.status, done.errorMessage ?? '').toBe('completed');
    expect(await listed()).toEqual([image.id]);
    expect(fs.readFileSync(path.join(dataDir, 'assets', image.filename))).toEqual(PNG);
    expect(fs.existsSync(path.join(dataDir, 'assets', later.filename))).toBe(false);
    expect(pluginsWithAssets(deps.settings)).toEqual(['photos']);
  });

  it("refuses a backup holding more of a plugin's data folder than its images, changing nothing", async () => {
    const { deps, app, upload, listed } = await setup();
    const image = await upload('sun.png', PNG);
    const zip = Buffer.from(await (await app.request('/api/v3/backup/export')).arrayBuffer());
    const { openZip, readEntries, entryName } = await import('../../core/plugins/archive/zip.ts');
    const file = path.join(deps.settings.dataDir, 'b.zip');
    fs.writeFileSync(file, zip);
    const z = await openZip(file);
    const names = (await readEntries(z, 100)).map(entryName);
    z.close();
    expect(names).toEqual(expect.arrayContaining([`data/plugins/photos/assets/${image.filename}`]));
    expect(names.filter((n) => n.startsWith('data/plugins/photos/assets/.meta/'))).toHaveLength(1);

    const manifest = JSON.stringify({
      format: 'marquee-backup',
      version: 1,
      created_at: new Date(0).toISOString(),
      marquee_version: '0.1.0',
      includes_secrets: false,
      plugins: [],
    });
    const bad = buildZip([
      { name: 'manifest.json', data: manifest },
      { name: 'config/config.json', data: '{}' },
      { name: 'data/plugins/photos/cache/tokens.json', data: '{}' },
    ]);
    const done = await restore(app, deps, bad);
    expect(done.status).toBe('failed');
    expect(done.errorCode).toBe('BACKUP_INVALID');
    expect(done.errorMessage).toContain('data/plugins/photos/cache');
    expect(await listed()).toEqual([image.id]);
  });
});

describe("an uninstall and the plugin's data folder", () => {
  it('removes the data folder with the plugin', async () => {
    const { app, deps, upload, dataDir } = await setup();
    await upload('sun.png', PNG);
    fs.mkdirSync(path.join(dataDir, 'cache'), { recursive: true });
    deps.tasks.startAll();
    const res = await app.request('/api/v3/plugins/uninstall', jsonInit('POST', { plugin_id: 'photos' }));
    expect(res.status, await res.clone().text()).toBe(200);
    expect(fs.existsSync(dataDir)).toBe(false);
    expect(fs.readdirSync(path.dirname(dataDir))).toEqual([]);
  });

  it('keeps it when the settings are kept (preserve_config)', async () => {
    const { app, deps, upload, dataDir } = await setup();
    const image = await upload('sun.png', PNG);
    deps.tasks.startAll();
    const body = { plugin_id: 'photos', preserve_config: true };
    const res = await app.request('/api/v3/plugins/uninstall', jsonInit('POST', body));
    expect(res.status).toBe(200);
    expect(fs.readFileSync(path.join(dataDir, 'assets', image.filename))).toEqual(PNG);
  });
});
