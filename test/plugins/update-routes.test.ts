import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installFromArchive } from '../../core/plugins/staging/install-archive.ts';
import { followOperationErrors } from '../../core/plugins/state/operation-errors.ts';
import { getPluginState } from '../../core/plugins/state/rows.ts';
import { lookupFresh } from '../../core/registry/fresh.ts';
import { jsonInit } from '../support/deps.ts';
import { smallRegistry } from '../support/registry.ts';
import {
  archiveServer,
  archiveUrl,
  codeEntry,
  collect,
  lifecycleApp,
  pluginArchive,
  runToEnd,
  type ArchiveReply,
} from '../support/lifecycle.ts';
import { deferred } from '../support/queue.ts';
import { useUpstream } from '../support/upstream.ts';
import { pluginZip, treeOf } from '../support/zip.ts';

const upstream = useUpstream();
const UPDATE = '/api/v3/plugins/update';

function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rel of treeOf(dir).filter((r) => !r.endsWith('/'))) {
    out[rel] = createHash('sha256')
      .update(fs.readFileSync(path.join(dir, rel)))
      .digest('hex');
  }
  return out;
}

/** Loads the entry module as the display would: the old version must still import and run. */
async function loadedVersion(dir: string): Promise<string> {
  const url = `${pathToFileURL(path.join(dir, 'index.js')).href}?t=${Math.random()}`;
  return ((await import(url)) as { version: string }).version;
}

const V2 = { id: 'demo', version: '2.0.0', files: { 'assets/big.bin': Buffer.alloc(300_000, 7), 'v2.txt': '2' } };

/** demo 1.0.0 installed from the registry, which now lists `latest`; archives served from `replies`. */
async function setup(latest = '2.0.0', manifest: Record<string, unknown> = {}, overrides = {}) {
  const entries = [codeEntry('demo', { latest_version: latest })];
  const { app, deps, registry } = await lifecycleApp(upstream, entries, overrides);
  const replies = new Map<string, ArchiveReply>([[archiveUrl('demo'), { kind: 'zip', body: pluginArchive(V2) }]]);
  const { hits } = archiveServer(upstream, replies);
  const zip = pluginZip(path.join(path.dirname(deps.settings.pluginsDir), 'v1.zip'), {
    id: 'demo',
    version: '1.0.0',
    manifest,
    files: { 'v1.txt': '1' },
  });
  await installFromArchive(deps, {
    opId: 'first',
    pluginId: 'demo',
    kind: 'install',
    archivePath: zip,
    origin: { source: 'registry' },
  });
  const dir = path.join(deps.settings.pluginsDir, 'demo');
  return { app, deps, registry, replies, hits, dir, before: contents(dir) };
}

const staging = (root: string) => treeOf(path.join(root, '.staging'));

describe('update availability in GET /api/v3/plugins/installed', () => {
  it('comes from the registry cache and follows it as soon as the cache changes', async () => {
    const { app, deps, registry } = await setup();
    const listed = async () => (await (await app.request('/api/v3/plugins/installed')).json()).data.plugins[0];
    expect(await listed()).toMatchObject({ version: '1.0.0', latest_version: null, update_available: false });
    await lookupFresh(deps, 'demo');
    expect(await listed()).toMatchObject({ latest_version: '2.0.0', update_available: true, verified: false });
    registry.change(smallRegistry([codeEntry('demo', { latest_version: '0.9.0', verified: true })]), '"v2"');
    deps.clock.advance(24 * 3_600_000);
    await lookupFresh(deps, 'demo');
    // Never a downgrade.
    expect(await listed()).toMatchObject({ latest_version: '0.9.0', update_available: false, verified: true });
  });
});

describe('POST /api/v3/plugins/update', () => {
  it('stages, validates and swaps in the newer version; 200 with the finished operation', async () => {
    const { app, deps, dir } = await setup();
    deps.tasks.startAll();
    const changed = collect(deps, 'plugin.changed');
    const res = await app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.message).toBe('Plugin demo updated to 2.0.0 (was 1.0.0)');
    expect(body.data.result).toMatchObject({ updated: true, version: '2.0.0', previous_version: '1.0.0' });
    expect(await loadedVersion(dir)).toBe('2.0.0');
    expect(fs.existsSync(path.join(dir, 'v1.txt'))).toBe(false);
    expect(getPluginState(deps, 'demo')?.version).toBe('2.0.0');
    expect(changed.map((e) => e.data)).toEqual([
      { plugin_id: 'demo', state: 'installed', enabled: false, version: '2.0.0' },
    ]);
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
  });

  it('"already up to date" is a success with its message, and nothing is downloaded', async () => {
    const { app, deps, hits, dir, before } = await setup('1.0.0');
    deps.tasks.startAll();
    const res = await app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data).toMatchObject({ status: 'completed', result: { updated: false } });
    expect(body.message).toBe('Plugin demo is already up to date (1.0.0)');
    expect(hits.size).toBe(0);
    expect(contents(dir)).toEqual(before);
  });

  it('"managed locally" (local_only) is a success with its message, without asking the registry', async () => {
    const { app, deps, registry, hits } = await setup('2.0.0', { local_only: true });
    deps.tasks.startAll();
    const served = registry.state.served;
    const res = await app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }));
    expect(res.status).toBe(200);
    expect((await res.json()).message).toBe('Plugin demo is managed locally and does not receive registry updates');
    expect(registry.state.served).toBe(served);
    expect(hits.size).toBe(0);
  });

  it('accepts a form and the query string', async () => {
    const { app, deps } = await setup('1.0.0');
    deps.tasks.startAll();
    const form = await app.request(UPDATE, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'plugin_id=demo',
    });
    expect(form.status).toBe(200);
    const query = await app.request(`${UPDATE}?plugin_id=demo`, { method: 'POST' });
    expect(query.status).toBe(200);
    expect((await query.json()).data.status).toBe('completed');
  });

  it.each([
    [{ plugin_id: 'nope' }, 404, 'PLUGIN_NOT_FOUND'],
    [{ plugin_id: '../x' }, 400, 'VALIDATION_ERROR'],
    [{}, 400, 'VALIDATION_ERROR'],
    [{ plugin_id: ['demo'] }, 400, 'VALIDATION_ERROR'],
  ])('%j → %i %s, nothing queued', async (input, status, code) => {
    const { app, deps } = await setup();
    const res = await app.request(UPDATE, jsonInit('POST', input));
    expect(res.status).toBe(status);
    expect((await res.json()).error_code).toBe(code);
    expect(deps.queue.history()).toEqual([]);
  });

  it('a download that breaks half-way leaves the old version intact and working, and is retried', async () => {
    const { app, deps, replies, dir, before } = await setup('2.0.0', {}, { 'queue.waitMs': 0 });
    const body = pluginArchive(V2);
    replies.set(archiveUrl('demo'), { kind: 'cut', body, bytes: Math.floor(body.length / 2) });
    const res = await app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }));
    const id = (await res.json()).data.operation_id as string;
    const op = await runToEnd(deps, id);
    expect(op).toMatchObject({ status: 'pending', errorCode: 'NETWORK_ERROR' });
    expect(contents(dir)).toEqual(before);
    expect(await loadedVersion(dir)).toBe('1.0.0');
    expect(getPluginState(deps, 'demo')?.version).toBe('1.0.0');
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
    replies.set(archiveUrl('demo'), { kind: 'zip', body });
    deps.clock.advance(60_000);
    expect(await runToEnd(deps, id)).toMatchObject({ status: 'completed', attempts: 2 });
    expect(await loadedVersion(dir)).toBe('2.0.0');
  });

  it('a cancel during the download leaves the old version intact and nothing in staging', async () => {
    const { app, deps, replies, dir, before } = await setup();
    const body = pluginArchive(V2);
    const started = deferred();
    const release = deferred();
    replies.set(archiveUrl('demo'), {
      kind: 'stall',
      body,
      bytes: 1000,
      release: release.promise,
      started: () => started.resolve(),
    });
    const created = deferred();
    deps.events.subscribe((e) => e.type === 'operation.created' && created.resolve());
    const res = app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }));
    await created.promise;
    const running = deps.queue.runOnce();
    await started.promise;
    const [op] = deps.queue.history({ kind: 'update' });
    deps.queue.cancel(op!.id);
    await running;
    release.resolve();
    expect(deps.queue.get(op!.id)).toMatchObject({ status: 'cancelled' });
    const answer = await res;
    expect(answer.status).toBe(409);
    expect((await answer.json()).error_code).toBe('OPERATION_CANCELLED');
    expect(contents(dir)).toEqual(before);
    expect(await loadedVersion(dir)).toBe('1.0.0');
    expect(staging(deps.settings.pluginsDir)).toEqual([]);
  });

  it('a new version this Marquee cannot run is refused and the old one stays', async () => {
    const { app, deps, replies, dir, before } = await setup();
    replies.set(archiveUrl('demo'), {
      kind: 'zip',
      body: pluginArchive({ ...V2, manifest: { compatible_versions: ['>=9.0.0'] } }),
    });
    deps.tasks.startAll();
    const res = await app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }));
    expect(res.status).toBe(422);
    expect((await res.json()).error_code).toBe('PLUGIN_INCOMPATIBLE');
    expect(contents(dir)).toEqual(before);
    expect(getPluginState(deps, 'demo')?.version).toBe('1.0.0');
  });

  it('a failed update is shown on the plugin (still running its old version) until one completes', async () => {
    const { app, deps, replies } = await setup();
    followOperationErrors(deps);
    replies.set(archiveUrl('demo'), {
      kind: 'zip',
      body: pluginArchive({ ...V2, manifest: { compatible_versions: ['>=9.0.0'] } }),
    });
    deps.tasks.startAll();
    const listed = async () => (await (await app.request('/api/v3/plugins/installed')).json()).data.plugins[0];
    expect((await app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }))).status).toBe(422);
    const failed = await listed();
    expect(failed).toMatchObject({ version: '1.0.0', state: getPluginState(deps, 'demo')!.status });
    expect(failed.error_info).toMatchObject({ error_type: 'operation', timestamp: expect.any(String) });
    expect(failed.error_info.error).toMatch(/^update failed: .*9\.0\.0/);

    replies.set(archiveUrl('demo'), { kind: 'zip', body: pluginArchive(V2) });
    expect((await app.request(UPDATE, jsonInit('POST', { plugin_id: 'demo' }))).status).toBe(200);
    expect(await listed()).toMatchObject({ version: '2.0.0', error_info: null });
  });
});
