import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openZip, readEntries, entryName } from '../../core/plugins/archive/zip.ts';
import { testApp, testDeps, jsonInit } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';
import { deviceState, fillDevice } from './fixture.ts';
import path from 'node:path';

async function setup() {
  const deps = testDeps({}, { lifecycleExecutors: true });
  await fillDevice(deps, 'old');
  const { app } = await testApp(deps);
  return { app, deps };
}

async function entriesOf(zip: Buffer): Promise<string[]> {
  const file = path.join(tempDir(), 'b.zip');
  fs.writeFileSync(file, zip);
  const z = await openZip(file);
  try {
    return (await readEntries(z, 1000)).map(entryName);
  } finally {
    z.close();
  }
}

const zipInit = (zip: Buffer): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/zip' },
  body: new Uint8Array(zip),
});

describe('GET /api/v3/backup/export', () => {
  it('holds secrets only when asked, and says so in the file name', async () => {
    const { app } = await setup();
    const plain = await app.request('/api/v3/backup/export');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/zip');
    expect(plain.headers.get('content-disposition')).toMatch(
      /^attachment; filename="marquee-backup-\d{8}-\d{6}\.zip"$/,
    );
    const plainEntries = await entriesOf(Buffer.from(await plain.arrayBuffer()));
    expect(plainEntries).toEqual([
      'manifest.json',
      'config/config.json',
      'data/plugin-cache.json',
      'data/saved-repositories.json',
      'uploads/weather/old.png',
    ]);
    const withSecrets = await app.request('/api/v3/backup/export?include_secrets=true');
    expect(withSecrets.headers.get('content-disposition')).toMatch(/-with-secrets\.zip"$/);
    expect(await entriesOf(Buffer.from(await withSecrets.arrayBuffer()))).toContain('config/config_secrets.json');
  });

  it('refuses an unclear secrets choice', async () => {
    const { app } = await setup();
    const res = await app.request('/api/v3/backup/export?include_secrets=maybe');
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0].field).toBe('include_secrets');
  });
});

describe('restoring a backup', () => {
  it('puts everything back after a wipe: config, secrets, plugin data, repositories, uploads; queues missing plugins', async () => {
    const { app, deps } = await setup();
    const zip = Buffer.from(await (await app.request('/api/v3/backup/export?include_secrets=1')).arrayBuffer());
    const before = deviceState(deps);
    await fillDevice(deps, 'new');
    deps.db.sqlite.prepare("DELETE FROM plugin_state WHERE id = 'weather'").run();
    expect(deviceState(deps)).not.toEqual(before);

    const preview = await app.request('/api/v3/backup/preview', zipInit(zip));
    expect(preview.status).toBe(200);
    const p = (await preview.json()).data;
    expect(p.preview).toMatchObject({
      includes_secrets: true,
      secrets: 'replaced',
      config: { changed: ['display', 'weather'], added: [], removed: [] },
      plugins: { install: [{ id: 'weather', version: '1.2.0', source: 'registry' }], cannot_install: [], kept: [] },
      plugin_data: { now: 1, after: 1 },
      uploads: { now: 1, after: 1 },
    });
    // A preview changes nothing.
    expect(deviceState(deps).config.weather.city).toBe('city-new');

    const res = await app.request('/api/v3/backup/restore', jsonInit('POST', { upload_id: p.upload_id }));
    expect(res.status).toBe(202);
    const op = (await res.json()).data;
    expect(res.headers.get('location')).toBe(`/api/v3/plugins/operation/${op.operation_id}`);
    await deps.queue.runOnce();
    const done = deps.queue.get(op.operation_id)!;
    expect(done.status).toBe('completed');
    expect(done.message).toBe('Backup restored; installing 1 plugin');
    expect(deviceState(deps)).toEqual(before);
    expect(deps.config.state().main).toEqual(before.config);
    const install = deps.queue.history({ kind: 'install' });
    expect(install.map((o) => [o.key, o.requestedBy, o.params])).toEqual([
      ['weather', 'system', { plugin_id: 'weather' }],
    ]);
    // The config as it was before the restore is among the config backups.
    expect(deps.config.backups()[0]!.reason).toBe('before restoring a backup');
    expect(fs.existsSync(path.join(deps.settings.dataDir, 'restore', op.operation_id))).toBe(false);
  });

  it('keeps the secrets on the device when the backup has none', async () => {
    const { app, deps } = await setup();
    const zip = Buffer.from(await (await app.request('/api/v3/backup/export')).arrayBuffer());
    await fillDevice(deps, 'new');
    const res = await app.request('/api/v3/backup/restore', zipInit(zip));
    expect(res.status).toBe(202);
    await deps.queue.runOnce();
    const after = deviceState(deps);
    expect(after.config.weather.city).toBe('city-old');
    expect(after.secrets).toEqual({ weather: { api_key: 'key-new' } });
    expect((fs.statSync(deps.config.paths.secrets).mode & 0o777).toString(8)).toBe('600');
  });
});
