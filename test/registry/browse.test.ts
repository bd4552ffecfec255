import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { INSTALL_META_FILE } from '../../core/plugins/package/install-meta.ts';
import { listPlugins } from '../../core/registry/browse.ts';
import { refreshSource } from '../../core/registry/refresh.ts';
import { STORE_REFRESH_KIND } from '../../core/registry/refresh-executor.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { testDeps, type TestDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { deferred, recordingExecutor } from '../support/queue.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const TTL = 15 * 60_000;

const refreshes = (deps: TestDeps) => deps.queue.history({ kind: STORE_REFRESH_KIND });

/** Test deps with one registry source; the queue's runner runs, as in the web process, unless `idle`. */
function setup(overrides: Record<string, unknown> = {}, opts: { idle?: boolean } = {}) {
  const deps = testDeps({ 'registry.sources': [REGISTRY_URL], 'github.enrich': false, ...overrides });
  if (!opts.idle) deps.tasks.startAll();
  return deps;
}

function writePlugin(
  dir: string,
  folder: string,
  manifest: Record<string, unknown> | string,
  extra: Record<string, string> = {},
) {
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  const text = typeof manifest === 'string' ? manifest : JSON.stringify(manifest);
  fs.writeFileSync(path.join(dir, folder, 'manifest.json'), text);
  for (const [name, content] of Object.entries(extra)) fs.writeFileSync(path.join(dir, folder, name), content);
}

describe('browsing is answered from memory', () => {
  it('serves expired data at once, marked stale, and queues one background refresh operation', async () => {
    const deps = setup({}, { idle: true });
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    await refreshSource(deps, REGISTRY_URL);
    deps.clock.advance(TTL + 1);

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    ep.change(smallRegistry([entry('clock'), entry('text')]), '"v2"');
    upstream.use(http.get(REGISTRY_URL, async () => (await held, undefined)));
    const stale = await listPlugins(deps, {});
    expect(stale.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(stale.metadata).toMatchObject({ stale: true, source_errors: [] });
    expect(stale.metadata.fetched_at).toBe(new Date(deps.clock.now() - TTL - 1).toISOString());
    expect(refreshes(deps)).toEqual([
      expect.objectContaining({
        key: `store-refresh:${REGISTRY_URL}`,
        status: 'pending',
        requestedBy: 'system',
        // Retried after its backoff for as long as the source fails.
        maxAttempts: Infinity,
      }),
    ]);

    // Browses while it is pending, then running, neither queue another nor wait for it.
    await listPlugins(deps, { query: 'clock' });
    const running = deps.queue.runOnce();
    await vi.waitUntil(() => refreshes(deps)[0]!.status === 'running');
    expect((await listPlugins(deps, {})).metadata.stale).toBe(true);
    // Answered while the refresh still runs: the browse did not wait for it.
    expect(refreshes(deps)).toMatchObject([{ status: 'running' }]);

    upstream.use(ep.handler);
    release();
    await running;
    expect(refreshes(deps)[0]).toMatchObject({ status: 'completed' });
    const fresh = await listPlugins(deps, {});
    expect(fresh.plugins.map((p) => p.id)).toEqual(['clock', 'text']);
    expect(fresh.metadata).toMatchObject({ stale: false, fetched_at: new Date(deps.clock.now()).toISOString() });
    expect(refreshes(deps)).toHaveLength(1);
  });

  it('a background refresh that cannot be queued never fails the browse', async () => {
    const deps = setup({ 'limits.queueMaxPending': 1 }, { idle: true });
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    await refreshSource(deps, REGISTRY_URL);
    deps.clock.advance(TTL + 1);
    enqueueRefresh(deps, 'builtin', 'api');
    const list = await listPlugins(deps, {});
    expect(list.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(deps.log.lines.find((l) => l.msg === 'background registry refresh not queued')).toMatchObject({
      source: REGISTRY_URL,
      error: expect.stringContaining('Too many pending operations'),
    });
  });

  it('a cold cache waits for the first fetch once (concurrent browses share it); later browses make no call', async () => {
    const deps = setup();
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    const [first, second] = await Promise.all([listPlugins(deps, {}), listPlugins(deps, { query: 'clo' })]);
    expect(first.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(second.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(first.metadata.stale).toBe(false);
    for (let i = 0; i < 5; i++) await listPlugins(deps, { query: 'clock' });
    expect(refreshes(deps)).toEqual([expect.objectContaining({ status: 'completed', requestedBy: 'system' })]);
    expect(upstream.count(REGISTRY_URL)).toBe(1);
  });

  it('with no copy ever and the registry unreachable: one bounded failure, then answers while the refresh waits for its retry', async () => {
    const deps = setup({ 'timeouts.outboundTotalMs': 1_000 });
    upstream.use(http.get(REGISTRY_URL, () => HttpResponse.error()));
    const first = await listPlugins(deps, {});
    expect(first.plugins).toEqual([]);
    expect(first.metadata).toMatchObject({ stale: true, fetched_at: null });
    expect(first.metadata.source_errors[0]).toMatchObject({ code: 'NETWORK_ERROR', has_copy: false, failures: 1 });
    // Each answers from what is known, without another request upstream (counted below).
    for (let i = 0; i < 5; i++) expect((await listPlugins(deps, {})).metadata.stale).toBe(true);
    const [retry] = refreshes(deps);
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'REGISTRY_UNAVAILABLE' });
    expect(first.metadata.source_errors[0]!.next_attempt_at).toBe(new Date(retry!.runAt).toISOString());
    expect(upstream.count(REGISTRY_URL)).toBe(1);
  });

  it("a cold browse's first fetch runs while long operations hold every shared slot of the queue", async () => {
    const deps = setup({ 'limits.queueConcurrency': 2 });
    const release = deferred();
    const held = recordingExecutor('long', async () => (await release.promise, { ok: true }), { timeoutMs: 60_000 });
    deps.queue.register(held);
    for (const key of ['a', 'b']) deps.queue.enqueue({ kind: 'long', key });
    await vi.waitUntil(() => held.calls.length === 2);
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    const list = await listPlugins(deps, {});
    expect(list.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(list.metadata.stale).toBe(false);
    expect(deps.queue.history({ kind: 'long', status: 'running' })).toHaveLength(2);
    release.resolve();
  });

  it('the cold wait is bounded even when the upstream hangs', async () => {
    const deps = setup({ 'timeouts.outboundTotalMs': 1_000 });
    upstream.use(http.get(REGISTRY_URL, () => new Promise<never>(() => undefined)));
    const t0 = performance.now();
    const res = await listPlugins(deps, {});
    expect(performance.now() - t0).toBeLessThan(1_500);
    expect(res.metadata.stale).toBe(true);
    await vi.waitUntil(() => deps.registry.sources()[1]!.row?.lastErrorCode === 'TIMEOUT', { timeout: 5_000 });
  });

  it('a configured source that is not allowed is reported, never fetched, and does not stop the others', async () => {
    const bad = 'http://registry.example.test/plugins.json';
    const deps = setup({ 'registry.sources': [bad, REGISTRY_URL] });
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    const res = await listPlugins(deps, {});
    expect(res.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(res.metadata.source_errors).toEqual([
      expect.objectContaining({ source: bad, code: 'URL_NOT_ALLOWED', message: expect.stringContaining('Plain http') }),
    ]);
    expect(upstream.calls).toEqual([`GET ${REGISTRY_URL}`]);
  });

  it('filters by query, category, tags (any) and verified', async () => {
    const deps = setup();
    upstream.use(
      registryEndpoint(
        REGISTRY_URL,
        smallRegistry([
          entry('clock', { category: 'time', tags: ['clock', 'time'], verified: true }),
          entry('weather', { category: 'Weather', tags: ['forecast'], description: 'Rain or shine' }),
          entry('stocks', { category: 'finance', tags: ['ticker'], author: 'Ticker Co', verified: true }),
        ]),
      ).handler,
    );
    const ids = async (f: Parameters<typeof listPlugins>[1]) => (await listPlugins(deps, f)).plugins.map((p) => p.id);
    expect(await ids({})).toEqual(['clock', 'weather', 'stocks']);
    expect(await ids({ query: 'SHINE' })).toEqual(['weather']);
    expect(await ids({ query: 'ticker co' })).toEqual(['stocks']);
    expect(await ids({ category: 'weather' })).toEqual(['weather']);
    expect(await ids({ tags: ['forecast', 'ticker'] })).toEqual(['weather', 'stocks']);
    expect(await ids({ verified: true })).toEqual(['clock', 'stocks']);
    expect(await ids({ verified: false, tags: ['time'] })).toEqual([]);
  });
});

describe('built-in and local file sources', () => {
  it('lists first-party plugins from their manifests, with zero folders as an empty source', async () => {
    const dir = tempDir();
    const deps = testDeps({ 'registry.builtinDir': dir });
    deps.tasks.startAll();
    expect((await listPlugins(deps, {})).plugins).toEqual([]);
    writePlugin(dir, 'clock', { id: 'clock', name: 'Clock', version: '1.2.0', author: 'Marquee', category: 'time' });
    writePlugin(dir, 'broken', '{ not json');
    writePlugin(
      dir,
      'installed',
      { id: 'installed', name: 'Installed' },
      { [INSTALL_META_FILE]: '{"source":"registry","installed_at":"2026-01-01T00:00:00Z"}' },
    );
    fs.mkdirSync(path.join(dir, '.staging', 'x'), { recursive: true });
    await refreshSource(deps, 'builtin');
    const list = await listPlugins(deps, {});
    expect(list.plugins).toEqual([
      expect.objectContaining({
        id: 'clock',
        version: '1.2.0',
        verified: true,
        source: 'builtin',
        plugin_path: 'clock',
      }),
    ]);
    expect(list.metadata).toMatchObject({ stale: false, source_errors: [] });
    expect(deps.registry.source('builtin')!.parsed!.skipped).toEqual([
      expect.objectContaining({ id: 'broken', problems: [expect.objectContaining({ field: 'manifest.json' })] }),
    ]);
  });

  it('reads a local registry file and notices when it changes', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'plugins.json');
    fs.writeFileSync(file, smallRegistry([entry('clock')]));
    const deps = setup({ 'registry.sources': [file] });
    expect((await listPlugins(deps, {})).plugins.map((p) => p.id)).toEqual(['clock']);
    expect((await refreshSource(deps, file, { force: true })).outcome).toBe('not_modified');
    fs.writeFileSync(file, smallRegistry([entry('clock'), entry('text', { latest_version: '2.0.0' })]));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const out = await refreshSource(deps, file, { force: true });
    expect(out).toMatchObject({
      outcome: 'updated',
      entries: 2,
      version_changes: [{ id: 'text', from: null, to: '2.0.0' }],
    });
  });
});
