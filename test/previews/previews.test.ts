/**
 * Store previews over the real routes: plugins from a registry and archives served on loopback,
 * drawn in real confined plugin hosts, kept in the data folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../shared/events.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { previewFiles, previewsRoot } from '../../core/previews/cache.ts';
import { PREVIEW_KIND, previewKey } from '../../core/previews/executor.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { jsonInit, testApp, testDeps, type TestDeps } from '../support/deps.ts';
import { archiveEntries, pluginFiles } from '../support/zip.ts';
import { BROKEN, downEntry, KEYED, MOVING, publish, serveFiles, STILL, type Served } from './fixtures.ts';

const BASE = '/api/v3/plugins/store/plugin';
let served: Served;
let registryUrl: string;
/** An archive with an entry that climbs out of its folder. */
const sneaky = [
  ...archiveEntries(pluginFiles({ id: 'sneaky' })),
  { name: 'repo-main/../../escape.js', data: 'export {}' },
];

beforeAll(async () => {
  served = await serveFiles();
  registryUrl = publish(served, [STILL, MOVING, KEYED, BROKEN, { id: 'sneaky' }], { sneaky }, [
    downEntry(served, 'offline'),
  ]);
});
afterAll(() => served.close());

async function setup(extra: Record<string, unknown> = {}, background: string[] = ['store-refresh']) {
  const deps = testDeps({ 'registry.sources': [registryUrl], ...extra }, { background });
  const { app } = await testApp(deps);
  const { operation } = enqueueRefresh(deps, undefined, 'api');
  await deps.queue.waitFor(operation.id, 10_000);
  return { deps, app };
}

const runPreviews = async (deps: TestDeps) => {
  while ((await deps.queue.runOnce({ kinds: [PREVIEW_KIND] })) > 0);
};

const pixelsOf = async (res: Response) => decodePng(Buffer.from(await res.arrayBuffer()));

describe('store previews', () => {
  it('answers 202 with the operation, then the PNG drawn with the schema defaults, with an ETag', async () => {
    const { deps, app } = await setup();
    const first = await app.request(`${BASE}/still-box/preview.png`);
    expect(first.status).toBe(202);
    const body = (await first.json()) as { data: { state: string; operation_id: string } };
    expect(body.data.state).toBe('pending');
    await runPreviews(deps);
    const res = await app.request(`${BASE}/still-box/preview.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const etag = res.headers.get('etag')!;
    const state = (await (await app.request(`${BASE}/still-box/preview`)).json()) as { data: unknown };
    expect(state.data).toMatchObject({ state: 'ready', etag, frames: 1 });
    const img = await pixelsOf(res);
    expect([img.width, img.height]).toEqual([64, 32]);
    const at = (x: number, y: number) => [
      ...img.data.subarray((y * 64 + x) * img.channels, (y * 64 + x) * img.channels + 3),
    ];
    expect(at(0, 0)).toEqual([0, 0, 40]);
    expect(at(10, 10)).toEqual([200, 40, 10]);
    const again = await app.request(`${BASE}/still-box/preview.png`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    // A still plugin has no strip of frames.
    const strip = await app.request(`${BASE}/still-box/preview-frames.png`);
    expect(strip.status).toBe(404);
    expect(((await strip.json()) as { context: { reason: string } }).context.reason).toMatch(/still/);
  });

  it('keeps one preview per version and size, and draws another size on request', async () => {
    const { deps, app } = await setup();
    await app.request(`${BASE}/still-box/preview.png`);
    await app.request(`${BASE}/still-box/preview.png?size=128x32`);
    await runPreviews(deps);
    const hits = served.hits.get('/still-box-1.0.0.zip') ?? 0;
    const small = await app.request(`${BASE}/still-box/preview.png`);
    const wide = await app.request(`${BASE}/still-box/preview.png?size=128x32`);
    expect([small.status, wide.status]).toEqual([200, 200]);
    expect((await pixelsOf(wide)).width).toBe(128);
    // Answered from the data folder: no new download, no new operation.
    expect(served.hits.get('/still-box-1.0.0.zip')).toBe(hits);
    expect(deps.queue.active(previewKey('still-box', '64x32'))).toEqual([]);
    const root = previewsRoot(deps.settings.dataDir);
    const key = { id: 'still-box', version: '1.0.0', size: { width: 128, height: 32 } };
    expect(fs.existsSync(previewFiles(root, key).still)).toBe(true);
    // The temporary copy of the plugin is gone.
    expect(fs.readdirSync(path.dirname(root)).filter((n) => n.startsWith('marquee-preview-'))).toEqual([]);
  });

  it('draws a new version again and drops the old one', async () => {
    const { deps, app } = await setup();
    await app.request(`${BASE}/still-box/preview.png`);
    await runPreviews(deps);
    const before = (await app.request(`${BASE}/still-box/preview.png`)).headers.get('etag');
    const schema = JSON.stringify({ type: 'object', properties: { color: { type: 'array', default: [9, 9, 250] } } });
    const next = { ...STILL, version: '1.1.0', files: { 'config_schema.json': schema } };
    publish(served, [next, MOVING, KEYED, BROKEN, { id: 'sneaky' }], { sneaky }, [downEntry(served, 'offline')]);
    try {
      const { operation } = enqueueRefresh(deps, undefined, 'api');
      await deps.queue.waitFor(operation.id, 10_000);
      expect((await app.request(`${BASE}/still-box/preview.png`)).status).toBe(202);
      await runPreviews(deps);
      const res = await app.request(`${BASE}/still-box/preview.png`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).not.toBe(before);
      const img = await pixelsOf(res);
      expect([...img.data.subarray((10 * 64 + 10) * img.channels, (10 * 64 + 10) * img.channels + 3)]).toEqual([
        9, 9, 250,
      ]);
      const kept = fs.readdirSync(path.join(previewsRoot(deps.settings.dataDir), 'still-box'));
      expect(kept).toEqual(['v-1.1.0']);
    } finally {
      publish(served, [STILL, MOVING, KEYED, BROKEN, { id: 'sneaky' }], { sneaky }, [downEntry(served, 'offline')]);
    }
  });

  it('draws an animated plugin as a strip of frames', async () => {
    const { deps, app } = await setup();
    await app.request(`${BASE}/moving-dot/preview.png`);
    await runPreviews(deps);
    const res = await app.request(`${BASE}/moving-dot/preview-frames.png`);
    expect(res.status).toBe(200);
    const frames = Number(res.headers.get('x-preview-frames'));
    expect(frames).toBeGreaterThan(1);
    const img = await pixelsOf(res);
    expect([img.width, img.height]).toEqual([64, 32 * frames]);
    // Frame i has its dot at x = i.
    const green = (x: number, y: number) => img.data[(y * 64 + x) * img.channels + 1];
    expect([green(0, 1), green(1, 32 + 1), green(1, 1)]).toEqual([255, 255, 0]);
  });

  it('says why a preview cannot be made: an account, a failing plugin, an unsafe archive', async () => {
    const { deps, app } = await setup();
    for (const id of ['needs-key', 'throws', 'sneaky']) await app.request(`${BASE}/${id}/preview.png`);
    await runPreviews(deps);
    const reason = async (id: string) => {
      const res = await app.request(`${BASE}/${id}/preview.png`);
      expect(res.status).toBe(404);
      const body = (await res.json()) as { error_code: string; context: { reason: string } };
      expect(body.error_code).toBe('PREVIEW_UNAVAILABLE');
      return body.context.reason;
    };
    expect(await reason('needs-key')).toBe('needs an account');
    // The same reason as JSON, answered 200 for pages that ask first.
    const state = (await (await app.request(`${BASE}/needs-key/preview`)).json()) as { data: unknown };
    expect(state.data).toMatchObject({ state: 'unavailable', reason: 'needs an account', etag: null });
    expect(await reason('throws')).toMatch(/^failed: .*no pixels today/);
    expect(await reason('sneaky')).toMatch(/^failed: /);
    // The refused archive wrote nothing outside its temporary folder.
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'escape.js'))).toBe(false);
    expect(fs.existsSync(path.join(deps.settings.pluginsDir, 'sneaky'))).toBe(false);
  });

  it('gives a preview host no network, not even this machine', async () => {
    const spy = {
      id: 'calls-home',
      code: `export default async function () {
  const reached = await fetch(${JSON.stringify(served.url + '/phone-home')}).then(() => true, () => false);
  return { render(frame) { frame.clear(reached ? [255, 0, 0] : [0, 255, 0]); return true; } };
}\n`,
    };
    publish(served, [STILL, MOVING, KEYED, BROKEN, { id: 'sneaky' }, spy], { sneaky }, [downEntry(served, 'offline')]);
    const { deps, app } = await setup();
    await app.request(`${BASE}/calls-home/preview.png`);
    await runPreviews(deps);
    const img = await pixelsOf(await app.request(`${BASE}/calls-home/preview.png`));
    expect([...img.data.subarray(0, 3)]).toEqual([0, 255, 0]);
    expect(served.hits.get('/phone-home')).toBeUndefined();
  });

  it('retries a download that failed for a passing reason, then says it failed, and keeps nothing', async () => {
    const { deps, app } = await setup();
    const url = `${BASE}/offline/preview`;
    const state = async () =>
      ((await (await app.request(url)).json()) as { data: { state: string; reason: string } }).data;
    expect((await state()).state).toBe('pending');
    for (let i = 0; i < 3; i++) {
      await runPreviews(deps);
      expect((await state()).state).toBe(i < 2 ? 'pending' : 'unavailable');
      deps.clock.advance(60 * 60_000);
    }
    deps.clock.advance(-3 * 60 * 60_000);
    expect(await state()).toMatchObject({ state: 'unavailable', reason: expect.stringMatching(/^failed: .*503/) });
    const key = { id: 'offline', version: '1.0.0', size: { width: 64, height: 32 } };
    expect(fs.existsSync(previewFiles(previewsRoot(deps.settings.dataDir), key).record)).toBe(false);
    // Asked again once the failure is old: a new attempt.
    deps.clock.advance(3 * 60 * 60_000);
    expect((await state()).state).toBe('pending');
  });

  it('refuses bad ids and sizes with the field, what was expected and what came', async () => {
    const { app, deps } = await setup();
    const cases = [
      [`${BASE}/still-box/preview.png?size=12x`, 400, 'size'],
      [`${BASE}/still-box/preview.png?size=4x4`, 400, 'size'],
      [`${BASE}/still-box/preview.png?size=4000x32`, 400, 'size'],
      [`${BASE}/..%2F..%2Fetc/preview.png`, 400, 'id'],
      [`${BASE}/still-box/preview?size=64x`, 400, 'size'],
      [`${BASE}/still-box/preview-frames.png?size=x32`, 400, 'size'],
      [`${BASE}/no-such-plugin/preview.png`, 404, null],
      [`${BASE}/no-such-plugin/preview`, 404, null],
    ] as const;
    for (const [url, status, field] of cases) {
      const res = await app.request(url);
      expect(res.status, url).toBe(status);
      const body = JSON.stringify(await res.json());
      if (field) expect(body, url).toContain(`"field":"${field}"`);
    }
    expect(deps.queue.history({ kind: PREVIEW_KIND })).toEqual([]);
  });

  it('queues the previews again at the new size when the panel size changes', async () => {
    const { deps, app } = await setup({ 'registry.previewsInBackground': true }, ['store-refresh', 'configure']);
    const queued = new Promise<string>((resolve) => {
      const stop = deps.events.subscribe((e) => {
        const op = e.data as { operation_type?: string; plugin_id?: string };
        if (
          e.type === EVENT_TYPES.operationCreated &&
          op.operation_type === PREVIEW_KIND &&
          op.plugin_id?.endsWith('@128x32')
        )
          resolve((stop(), op.plugin_id));
      });
    });
    const save = await app.request('/api/v3/config/main', jsonInit('POST', { display: { hardware: { cols: 128 } } }));
    expect(save.status).toBe(200);
    expect(await queued).toMatch(/^preview:.*@128x32$/);
    const res = await app.request(`${BASE}/still-box/preview.png`);
    expect(res.status).toBe(202);
  });
});
