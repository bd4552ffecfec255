import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { isTombstoned, addTombstone } from '../../core/plugins/state/tombstones.ts';
import { jsonInit } from '../support/deps.ts';
import {
  archiveServer,
  archiveUrl,
  codeEntry,
  collect,
  lifecycleApp,
  pluginArchive,
  rawArchive,
  runToEnd,
  type ArchiveReply,
} from '../support/lifecycle.ts';
import { useUpstream } from '../support/upstream.ts';
import { archiveEntries, pluginFiles, treeOf } from '../support/zip.ts';

const upstream = useUpstream();
const INSTALL = '/api/v3/plugins/install';

async function postInstall(app: Awaited<ReturnType<typeof lifecycleApp>>['app'], body: unknown) {
  const res = await app.request(INSTALL, jsonInit('POST', body));
  return { res, body: await res.json() };
}

describe('POST /api/v3/plugins/install', () => {
  it('answers 202 with the operation, then downloads, validates and activates the plugin', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo', { latest_version: '1.2.0' })]);
    archiveServer(
      upstream,
      new Map([[archiveUrl('demo'), { kind: 'zip', body: pluginArchive({ id: 'demo', version: '1.2.0' }) }]]),
    );
    const changed = collect(deps, 'plugin.changed');
    const { res, body } = await postInstall(app, { plugin_id: 'demo' });
    expect(res.status).toBe(202);
    expect(body.message).toBe('Plugin demo installation queued');
    expect(res.headers.get('location')).toBe(`/api/v3/plugins/operation/${body.data.operation_id}`);
    const op = await runToEnd(deps, body.data.operation_id);
    expect(op).toMatchObject({ status: 'completed', message: 'Plugin demo installed successfully (branch: main)' });
    expect(op.result).toMatchObject({
      plugin_id: 'demo',
      version: '1.2.0',
      source: 'registry',
      commit: 'c'.repeat(40),
    });
    const stages = deps.queue.events(op.id).map((e) => e.stage);
    for (const s of ['resolving', 'downloading', 'extracting', 'validating', 'activating']) expect(stages).toContain(s);
    expect(deps.queue.events(op.id).some((e) => /^\d+\/\d+ bytes/.test(e.message ?? ''))).toBe(true);
    const dir = path.join(deps.settings.pluginsDir, 'demo');
    expect(fs.readFileSync(path.join(dir, 'index.js'), 'utf8')).toContain('1.2.0');
    expect(getPluginState(deps, 'demo')).toMatchObject({ version: '1.2.0', source: 'registry', branch: 'main' });
    expect(changed.map((e) => e.data)).toEqual([
      { plugin_id: 'demo', state: 'installed', enabled: false, version: '1.2.0' },
    ]);
    expect(treeOf(path.join(deps.settings.pluginsDir, '.staging'))).toEqual([]);
    const list = await (await app.request('/api/v3/plugins/installed')).json();
    expect(list.data.plugins[0]).toMatchObject({ id: 'demo', latest_version: '1.2.0', update_available: false });
  });

  it('a plugin absent from the fresh registry is a 404 at once, with no operation queued', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo')]);
    const { res, body } = await postInstall(app, { plugin_id: 'nope' });
    expect(res.status).toBe(404);
    expect(body).toMatchObject({ status: 'error', error_code: 'PLUGIN_NOT_FOUND' });
    // Only the registry's first fetch, itself an operation.
    expect(deps.queue.history().map((o) => o.kind)).toEqual(['store-refresh']);
  });

  it('finds a plugin by its folder name or with the ledmatrix- prefix, and installs it under its registry id', async () => {
    const { app, deps } = await lifecycleApp(upstream, [
      codeEntry('weather', { plugin_path: 'plugins/ledmatrix-weather' }),
    ]);
    const zip = rawArchive(
      archiveEntries(pluginFiles({ id: 'weather' }), { top: 'weather-main', under: 'plugins/ledmatrix-weather' }),
    );
    archiveServer(upstream, new Map([[archiveUrl('weather'), { kind: 'zip', body: zip }]]));
    const { body } = await postInstall(app, { plugin_id: 'ledmatrix-weather' });
    expect(body.message).toBe('Plugin weather installation queued');
    expect(await runToEnd(deps, body.data.operation_id)).toMatchObject({ status: 'completed', key: 'weather' });
    expect(getPluginState(deps, 'weather')).toMatchObject({ pluginPath: 'plugins/ledmatrix-weather' });
  });

  it('extracts only the plugin_path folder of a monorepo archive', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('mono', { plugin_path: 'plugins/demo' })]);
    const zip = rawArchive([
      ...archiveEntries(pluginFiles({ id: 'demo' }), { top: 'mono-main', under: 'plugins/demo' }),
      ...archiveEntries({ 'manifest.json': '{}', 'other.js': 'x' }, { top: 'mono-main', under: 'plugins/other' }).slice(
        1,
      ),
    ]);
    archiveServer(upstream, new Map([[archiveUrl('mono'), { kind: 'zip', body: zip }]]));
    // The registry id is `mono` and the manifest says `demo`: refused, never installed under either name.
    const { body } = await postInstall(app, { plugin_id: 'mono' });
    expect(await runToEnd(deps, body.data.operation_id)).toMatchObject({
      status: 'failed',
      errorCode: 'PLUGIN_ID_MISMATCH',
    });
    expect(fs.readdirSync(deps.settings.pluginsDir).filter((n) => n !== '.staging')).toEqual([]);
  });

  it('installs a monorepo plugin whose ids agree, without the other plugins of the repository', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo', { plugin_path: 'plugins/demo' })]);
    const zip = rawArchive([
      ...archiveEntries(pluginFiles({ id: 'demo' }), { top: 'mono-main', under: 'plugins/demo' }),
      ...archiveEntries({ 'other.js': 'x' }, { top: 'mono-main', under: 'plugins/other' }).slice(1),
    ]);
    archiveServer(upstream, new Map([[archiveUrl('demo'), { kind: 'zip', body: zip }]]));
    const { body } = await postInstall(app, { plugin_id: 'demo' });
    expect(await runToEnd(deps, body.data.operation_id)).toMatchObject({ status: 'completed' });
    const files = treeOf(path.join(deps.settings.pluginsDir, 'demo'));
    expect(files).toContain('index.js');
    expect(files.some((f) => f.includes('other'))).toBe(false);
  });

  it("uses the listed version's download_url, and a pinned version's own archive", async () => {
    const versions = [
      { version: '2.0.0', download_url: `https://files.example.test/demo-2.0.0.zip` },
      { version: '1.0.0', download_url: `https://files.example.test/demo-1.0.0.zip` },
    ];
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo', { latest_version: '2.0.0', versions })]);
    const { http, HttpResponse } = await import('msw');
    const served: string[] = [];
    upstream.use(
      http.get('https://files.example.test/:file', ({ params }) => {
        served.push(String(params.file));
        const version = String(params.file).replace(/^demo-|\.zip$/g, '');
        return new HttpResponse(pluginArchive({ id: 'demo', version }));
      }),
    );
    const latest = await postInstall(app, { plugin_id: 'demo' });
    expect(await runToEnd(deps, latest.body.data.operation_id)).toMatchObject({ status: 'completed' });
    const pinned = await postInstall(app, { plugin_id: 'demo', version: '1.0.0' });
    expect(await runToEnd(deps, pinned.body.data.operation_id)).toMatchObject({ status: 'completed' });
    expect(served).toEqual(['demo-2.0.0.zip', 'demo-1.0.0.zip']);
    expect(getPluginState(deps, 'demo')?.version).toBe('1.0.0');
  });

  it('tries the next branch when an archive is not found', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo', { branch: 'develop' })]);
    const { hits } = archiveServer(
      upstream,
      new Map([[archiveUrl('demo', 'master'), { kind: 'zip', body: pluginArchive({ id: 'demo' }) }]]),
    );
    const { body } = await postInstall(app, { plugin_id: 'demo' });
    expect(await runToEnd(deps, body.data.operation_id)).toMatchObject({ status: 'completed' });
    expect([...hits.keys()]).toEqual([
      archiveUrl('demo', 'develop'),
      archiveUrl('demo', 'main'),
      archiveUrl('demo', 'master'),
    ]);
    expect(getPluginState(deps, 'demo')?.branch).toBe('master');
  });

  it('fails terminally when no branch has an archive, and retries a 5xx', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('gone'), codeEntry('flaky')]);
    const replies = new Map<string, ArchiveReply>([[archiveUrl('flaky'), { kind: 'status', status: 503 }]]);
    archiveServer(upstream, replies);
    const gone = await postInstall(app, { plugin_id: 'gone' });
    const op = await runToEnd(deps, gone.body.data.operation_id);
    expect(op).toMatchObject({ status: 'failed', errorCode: 'PLUGIN_INSTALL_FAILED', attempts: 1 });
    expect(op.errorMessage).toMatch(/No plugin archive found \(tried branch main, branch master\)/);
    const flaky = await postInstall(app, { plugin_id: 'flaky' });
    expect(await runToEnd(deps, flaky.body.data.operation_id)).toMatchObject({
      status: 'pending',
      errorCode: 'API_ERROR',
    });
    replies.set(archiveUrl('flaky'), { kind: 'zip', body: pluginArchive({ id: 'flaky' }) });
    deps.clock.advance(60_000);
    expect(await runToEnd(deps, flaky.body.data.operation_id)).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('refuses an unsafe archive with its code, writing nothing outside staging', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo')]);
    const evil = rawArchive([
      ...archiveEntries(pluginFiles({ id: 'demo' }), { top: 'demo-main' }),
      { name: 'demo-main/../../escape.txt', data: 'x' },
    ]);
    archiveServer(upstream, new Map([[archiveUrl('demo'), { kind: 'zip', body: evil }]]));
    const root = path.dirname(deps.settings.pluginsDir);
    fs.mkdirSync(deps.settings.pluginsDir);
    const before = treeOf(root, (r) => r.startsWith('data'));
    const { body } = await postInstall(app, { plugin_id: 'demo' });
    expect(await runToEnd(deps, body.data.operation_id)).toMatchObject({
      status: 'failed',
      errorCode: 'PLUGIN_ARCHIVE_UNSAFE',
    });
    expect(treeOf(root, (r) => r.startsWith('data'))).toEqual([...before, 'plugin-repos/.staging/'].sort());
    expect(getPluginState(deps, 'demo')).toBeUndefined();
  });

  it('reinstalling an uninstalled plugin clears its tombstone', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo')]);
    archiveServer(upstream, new Map([[archiveUrl('demo'), { kind: 'zip', body: pluginArchive({ id: 'demo' }) }]]));
    addTombstone(deps, { pluginId: 'demo', version: '0.9.0', source: 'registry' });
    const { body } = await postInstall(app, { plugin_id: 'demo' });
    expect(await runToEnd(deps, body.data.operation_id)).toMatchObject({ status: 'completed' });
    expect(isTombstoned(deps, 'demo')).toBe(false);
  });

  it('with enable: true, switches the plugin on once installed, in the same operation', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo', { icon: 'fas fa-clock' })]);
    archiveServer(upstream, new Map([[archiveUrl('demo'), { kind: 'zip', body: pluginArchive({ id: 'demo' }) }]]));
    const changed = collect(deps, 'plugin.changed');
    const { res, body } = await postInstall(app, { plugin_id: 'demo', enable: true });
    expect(res.status).toBe(202);
    const op = await runToEnd(deps, body.data.operation_id);
    expect(op).toMatchObject({
      status: 'completed',
      message: 'Plugin demo installed successfully (branch: main) and switched on',
    });
    expect(op.result).toMatchObject({ plugin_id: 'demo', enabled: true });
    expect(deps.queue.events(op.id).map((e) => e.stage)).toContain('enabling');
    expect(getPluginState(deps, 'demo')).toMatchObject({ enabled: true, status: 'enabled' });
    expect(deps.config.state().main.demo).toMatchObject({ enabled: true });
    expect(changed.map((e) => e.data)).toEqual([
      { plugin_id: 'demo', state: 'enabled', enabled: true, version: '1.0.0' },
    ]);
    // No toggle or settings save of its own: enabling is part of the install (the registry's first
    // fetch is an operation of its own).
    expect(deps.queue.history().filter((o) => !['install', 'store-refresh'].includes(o.kind))).toEqual([]);
    const list = await (await app.request('/api/v3/plugins/installed')).json();
    expect(list.data.plugins[0]).toMatchObject({ id: 'demo', enabled: true, icon: 'fas fa-clock' });
  });

  it('with enable: true, a plugin whose settings refuse it is installed and left off, saying why', async () => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo')]);
    const schema = { type: 'object', required: ['city'], properties: { city: { type: 'string' } } };
    const zip = pluginArchive({ id: 'demo', files: { 'config_schema.json': JSON.stringify(schema) } });
    archiveServer(upstream, new Map([[archiveUrl('demo'), { kind: 'zip', body: zip }]]));
    const { body } = await postInstall(app, { plugin_id: 'demo', enable: true });
    const op = await runToEnd(deps, body.data.operation_id);
    expect(op.status).toBe('completed');
    expect(op.result).toMatchObject({ plugin_id: 'demo', enabled: false, enable_error: expect.stringMatching(/city/) });
    expect(op.message).toMatch(/^Plugin demo installed successfully .*; not switched on: /);
    expect(getPluginState(deps, 'demo')).toMatchObject({ enabled: false });
  });

  it.each([
    [{ plugin_id: '../x' }, 'plugin_id'],
    [{ plugin_id: 'Demo' }, 'plugin_id'],
    [{}, 'plugin_id'],
    [{ plugin_id: 7 }, 'plugin_id'],
    [{ plugin_id: 'display' }, 'plugin_id'],
    [{ plugin_id: 'demo', version: '1.0 beta' }, 'version'],
    [{ plugin_id: 'demo', branch: '../main' }, 'branch'],
    [{ plugin_id: 'demo', enable: 'yes' }, 'enable'],
  ])('bad input %j → 400 naming %s, nothing queued', async (input, field) => {
    const { app, deps } = await lifecycleApp(upstream, [codeEntry('demo')]);
    const { res, body } = await postInstall(app, input);
    expect(res.status).toBe(400);
    expect(body.error_code).toBe('VALIDATION_ERROR');
    expect(body.context.problems[0]).toMatchObject({ in: 'body', field });
    expect(deps.queue.history()).toEqual([]);
  });

  it('malformed JSON → 400 INVALID_INPUT; a form → 415', async () => {
    const { app } = await lifecycleApp(upstream, [codeEntry('demo')]);
    const bad = await app.request(INSTALL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"plugin_id":',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error_code).toBe('INVALID_INPUT');
    const form = await app.request(INSTALL, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'plugin_id=demo',
    });
    expect(form.status).toBe(415);
  });
});
