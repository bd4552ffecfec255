/** Archives that are not a Marquee backup, or are dangerous: each refused with why, nothing changed. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { buildZip, type ZipEntrySpec } from '../support/zip.ts';
import { deviceState, fillDevice } from './fixture.ts';

const manifest = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    format: 'marquee-backup',
    version: 1,
    created_at: '2030-01-01T00:00:00.000Z',
    marquee_version: '0.1.0',
    includes_secrets: false,
    plugins: [],
    ...over,
  });
const good: ZipEntrySpec[] = [
  { name: 'manifest.json', data: manifest() },
  { name: 'config/config.json', data: '{"weather":{"city":"x"}}' },
];

async function setup() {
  const deps = testDeps({}, { lifecycleExecutors: true });
  await fillDevice(deps, 'old');
  const { app } = await testApp(deps);
  return { app, deps, before: deviceState(deps) };
}

const zipInit = (zip: Buffer | string, type = 'application/zip'): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': type },
  body: typeof zip === 'string' ? zip : new Uint8Array(zip),
});

describe('a backup that cannot be restored', () => {
  it.each([
    ['not a ZIP', Buffer.from('hello, this is not a zip'), 'not a readable ZIP'],
    ['a name leaving the folder', buildZip([...good, { name: '../../etc/evil', data: 'x' }]), 'parent-folder segment'],
    ['a link', buildZip([...good, { name: 'uploads/link', data: '/etc/passwd', mode: 0o120777 }]), 'symbolic link'],
    [
      'a bomb',
      buildZip([...good, { name: 'uploads/big', data: 'x', method: 'deflate', declaredSize: 3 * 2 ** 30 }]),
      'expands to',
    ],
    ['no manifest', buildZip(good.slice(1)), 'has no manifest.json'],
    [
      'a foreign manifest',
      buildZip([{ name: 'manifest.json', data: manifest({ format: 'other' }) }, good[1]!]),
      'format',
    ],
    [
      'config that is not an object',
      buildZip([good[0]!, { name: 'config/config.json', data: '[1]' }]),
      'not a JSON object',
    ],
    ['undeclared secrets', buildZip([...good, { name: 'config/config_secrets.json', data: '{}' }]), 'does not declare'],
    [
      'something else at the top',
      buildZip([...good, { name: 'plugin-repos/x/manifest.json', data: '{}' }]),
      'plugin-repos',
    ],
  ])('%s is refused with why, and changes nothing', async (_name, zip, why) => {
    const { app, deps, before } = await setup();
    for (const url of ['/api/v3/backup/preview', '/api/v3/backup/restore']) {
      const res = await app.request(url, zipInit(zip));
      if (res.status === 202) {
        // The restore checks the archive in its operation: it fails there, with the same reason.
        const op = (await res.json()).data;
        await deps.queue.runOnce();
        const done = deps.queue.get(op.operation_id)!;
        expect(done.status).toBe('failed');
        expect(done.errorCode).toBe('BACKUP_INVALID');
        expect(done.errorMessage).toContain(why);
        expect(fs.readdirSync(path.join(deps.settings.dataDir, 'restore'))).toEqual([]);
      } else {
        expect(res.status).toBe(422);
        const body = await res.json();
        expect(body.error_code).toBe('BACKUP_INVALID');
        expect(body.message).toContain(why);
      }
      expect(deviceState(deps)).toEqual(before);
    }
  });

  it('refuses config the config store would refuse', async () => {
    const { app, deps, before } = await setup();
    const zip = buildZip([good[0]!, { name: 'config/config.json', data: '{"display":{"hardware":{"rows":"tall"}}}' }]);
    const res = await app.request('/api/v3/backup/restore', zipInit(zip));
    const op = (await res.json()).data;
    await deps.queue.runOnce();
    const done = deps.queue.get(op.operation_id)!;
    expect(done.status).toBe('failed');
    expect(done.errorMessage).toContain('config.json in the backup is refused');
    expect(deviceState(deps)).toEqual(before);
  });

  it.each([
    ['text instead of a ZIP', zipInit('hello', 'text/plain'), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    [
      'an unknown upload id',
      jsonInit('POST', { upload_id: '00000000-0000-4000-8000-000000000000' }),
      404,
      'BACKUP_UPLOAD_NOT_FOUND',
    ],
    ['an upload id that is not one', jsonInit('POST', { upload_id: '../x' }), 400, 'VALIDATION_ERROR'],
    ['nothing at all', jsonInit('POST'), 400, 'VALIDATION_ERROR'],
  ])('restore refuses %s', async (_name, init, status, code) => {
    const { app, deps, before } = await setup();
    const res = await app.request('/api/v3/backup/restore', init as RequestInit);
    expect(res.status).toBe(status);
    expect((await res.json()).error_code).toBe(code);
    expect(deps.queue.history()).toEqual([]);
    expect(deviceState(deps)).toEqual(before);
  });

  it('refuses an upload over the size limit and keeps none of it', async () => {
    const deps = testDeps({ 'limits.backupBytes': 64 * 1024 });
    const { app } = await testApp(deps);
    const res = await app.request('/api/v3/backup/preview', zipInit(Buffer.alloc(100 * 1024)));
    expect(res.status).toBe(413);
    expect((await res.json()).message).toContain('MARQUEE_BACKUP_MAX_BYTES');
    const kept = path.join(deps.settings.dataDir, 'restore-uploads');
    expect(fs.existsSync(kept) ? fs.readdirSync(kept) : []).toEqual([]);
  });
});
