import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ASSET_LIMITS, assetsDir } from '../../core/plugins/assets/store.ts';
import { discoverPlugins } from '../../core/plugins/state/discovery.ts';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { treeOf, writePluginFolder } from '../support/zip.ts';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 7)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(20, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(20, 2)]);

async function setup() {
  const deps = testDeps();
  writePluginFolder(deps.settings.pluginsDir, { id: 'photos' });
  await discoverPlugins(deps);
  const { app } = await testApp(deps);
  return { deps, app };
}

function form(fields: Record<string, string>, files: Array<[string, Buffer, string?]>) {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  for (const [name, bytes, field] of files) f.append(field ?? 'files', new Blob([new Uint8Array(bytes)]), name);
  return { method: 'POST', body: f };
}

type App = Awaited<ReturnType<typeof setup>>['app'];
const upload = async (app: App, init: RequestInit) => {
  const res = await app.request('/api/v3/plugins/assets/upload', init);
  return { status: res.status, body: await res.json() };
};
const listed = async (app: App, id = 'photos') =>
  (await (await app.request(`/api/v3/plugins/assets/list?plugin_id=${id}`)).json()).data.assets;

describe('plugin assets', () => {
  it("stores images by their first bytes under the plugin's data folder, lists and deletes them", async () => {
    const { app, deps } = await setup();
    const { status, body } = await upload(
      app,
      form({ plugin_id: 'photos' }, [
        ['logo.png', PNG],
        ['../../evil.gif', GIF, 'files[]'],
        ['photo.bmp', JPEG],
      ]),
    );
    expect(status).toBe(200);
    expect(body.data.total_files).toBe(3);
    const [png, gif, jpg] = body.data.uploaded_files;
    expect(png).toMatchObject({ original_filename: 'logo.png', size: PNG.length, type: 'png' });
    expect(png.filename).toMatch(/^image_\d+_[0-9a-f]{8}\.png$/);
    expect(png.path).toBe(`assets/${png.filename}`);
    // The name a client gives is kept as words only; what is stored is named by its content.
    expect(gif).toMatchObject({ original_filename: '../../evil.gif', type: 'gif' });
    expect(jpg).toMatchObject({ original_filename: 'photo.bmp', type: 'jpg' });
    const dir = assetsDir(deps.settings, 'photos');
    expect(dir).toBe(path.join(deps.settings.dataDir, 'plugins', 'photos', 'assets'));
    expect(fs.readFileSync(path.join(dir, png.filename))).toEqual(PNG);
    expect(treeOf(deps.settings.dataDir).filter((f) => f.includes('evil'))).toEqual([]);

    expect((await listed(app)).map((a: { id: string }) => a.id).sort()).toEqual([png.id, gif.id, jpg.id].sort());
    const del = await app.request(
      '/api/v3/plugins/assets/delete',
      jsonInit('POST', { plugin_id: 'photos', image_id: gif.id }),
    );
    expect(del.status).toBe(200);
    expect((await del.json()).message).toBe('Image deleted successfully');
    expect(fs.existsSync(path.join(dir, gif.filename))).toBe(false);
    expect((await listed(app)).map((a: { id: string }) => a.id).sort()).toEqual([png.id, jpg.id].sort());
    const again = await app.request(
      '/api/v3/plugins/assets/delete',
      jsonInit('POST', { plugin_id: 'photos', image_id: gif.id }),
    );
    expect(again.status).toBe(404);
    expect((await again.json()).error_code).toBe('NOT_FOUND');
  });

  it('refuses a file that is not an image, saying which and what it starts with, and stores nothing', async () => {
    const { app, deps } = await setup();
    const { status, body } = await upload(
      app,
      form({ plugin_id: 'photos' }, [
        ['ok.png', PNG],
        ['script.png', Buffer.from('#!/bin/sh\nrm -rf /\n')],
      ]),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error_code: 'VALIDATION_ERROR',
      message: 'script.png is not a PNG, JPEG, GIF or BMP image',
    });
    expect(body.context.problems[0]).toMatchObject({
      field: 'files[script.png]',
      expected: 'a PNG, JPEG, GIF or BMP image',
      received: 'a file starting 23 21 2f 62 69 6e 2f 73',
    });
    expect(fs.existsSync(path.join(deps.settings.dataDir, 'plugins'))).toBe(false);
  });

  it('refuses too many files, too large a file, no file, a bad or unknown plugin and a non-multipart body', async () => {
    const { app } = await setup();
    const many = Array.from(
      { length: ASSET_LIMITS.filesPerUpload + 1 },
      (_, i) => [`${i}.png`, PNG] as [string, Buffer],
    );
    const tooMany = await upload(app, form({ plugin_id: 'photos' }, many));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.context.problems[0]).toMatchObject({
      field: 'files',
      expected: 'at most 10 files',
      received: '11 files',
    });

    const big = Buffer.concat([PNG, Buffer.alloc(ASSET_LIMITS.fileBytes)]);
    const tooBig = await upload(app, form({ plugin_id: 'photos' }, [['big.png', big]]));
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.context.problems[0]).toMatchObject({
      field: 'files[big.png]',
      expected: `at most ${ASSET_LIMITS.fileBytes} bytes`,
    });

    const none = await upload(app, form({ plugin_id: 'photos' }, []));
    expect(none.status).toBe(400);
    expect(none.body.context.problems[0]).toMatchObject({ field: 'files', received: 'no file' });

    const badId = await upload(app, form({ plugin_id: '../etc' }, [['a.png', PNG]]));
    expect(badId.status).toBe(400);
    expect(badId.body.context.problems[0]).toMatchObject({ field: 'plugin_id', received: '"../etc"' });

    const unknown = await upload(app, form({ plugin_id: 'nobody' }, [['a.png', PNG]]));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe('PLUGIN_NOT_FOUND');

    const json = await upload(app, jsonInit('POST', { plugin_id: 'photos' }));
    expect(json.status).toBe(415);
    expect(json.body.error_code).toBe('UNSUPPORTED_MEDIA_TYPE');

    const broken = await upload(app, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: 'not multipart at all',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error_code).toBe('INVALID_INPUT');
    expect(await listed(app)).toEqual([]);
  });

  it('list and delete refuse bad input with the field, what was expected and what came', async () => {
    const { app } = await setup();
    const list = await app.request('/api/v3/plugins/assets/list');
    expect(list.status).toBe(400);
    expect((await list.json()).context.problems[0]).toMatchObject({ in: 'query', field: 'plugin_id' });
    const del = await app.request(
      '/api/v3/plugins/assets/delete',
      jsonInit('POST', { plugin_id: 'photos', image_id: '../../x' }),
    );
    expect(del.status).toBe(400);
    expect((await del.json()).context.problems[0]).toMatchObject({ field: 'image_id', received: '"../../x"' });
    const unknown = await app.request('/api/v3/plugins/assets/list?plugin_id=nobody');
    expect(unknown.status).toBe(404);
  });
});
