import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { readRow } from '../../core/registry/cache.ts';
import { listPlugins } from '../../core/registry/browse.ts';
import { refreshSource, REGISTRY_BACKOFF } from '../../core/registry/refresh.ts';
import { STORE_REFRESH_KIND } from '../../core/registry/refresh-executor.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { storeStatus } from '../../core/registry/status.ts';
import { sourceKey } from '../../core/registry/sources.ts';
import { testDeps } from '../support/deps.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const TTL = 15 * 60_000;

function setup(sources = [REGISTRY_URL]) {
  return testDeps({ 'registry.sources': sources, 'github.enrich': false });
}

describe('conditional refresh', () => {
  it('stores the document with its ETag, then a 304 renews it without rewriting the body', async () => {
    const deps = setup();
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    expect((await refreshSource(deps, REGISTRY_URL)).outcome).toBe('updated');
    const first = readRow(deps.db, sourceKey(REGISTRY_URL))!;
    expect(first).toMatchObject({ etag: '"v1"', fetchedAt: deps.clock.now(), expiresAt: deps.clock.now() + TTL });

    expect((await refreshSource(deps, REGISTRY_URL)).outcome).toBe('fresh');
    deps.clock.advance(TTL + 1);
    expect((await refreshSource(deps, REGISTRY_URL)).outcome).toBe('not_modified');
    const second = readRow(deps.db, sourceKey(REGISTRY_URL))!;
    expect(ep.state.conditional).toEqual([null, '"v1"']);
    expect([ep.state.served, ep.state.notModified]).toEqual([1, 1]);
    expect(second.body).toBe(first.body);
    expect(second.fetchedAt).toBe(deps.clock.now());
    expect(second.expiresAt).toBe(deps.clock.now() + TTL);
  });

  it('refreshes of one source asked for together are one operation: one fetch', async () => {
    const deps = setup();
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    const ids = [1, 2, 3].map(() => enqueueRefresh(deps, REGISTRY_URL, 'api').operation.id);
    expect(new Set(ids).size).toBe(1);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(upstream.count(REGISTRY_URL)).toBe(1);
  });

  it('reports version changes between documents', async () => {
    const deps = setup();
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock'), entry('text')]));
    upstream.use(ep.handler);
    await refreshSource(deps, REGISTRY_URL);
    ep.change(smallRegistry([entry('clock', { latest_version: '1.1.0' }), entry('text')]), '"v2"');
    const out = await refreshSource(deps, REGISTRY_URL, { force: true });
    expect(out.version_changes).toEqual([{ id: 'clock', from: '1.0.0', to: '1.1.0' }]);
  });
});

describe('failures keep the last good data and back off', () => {
  it('a 429 with Retry-After: the refresh waits for its retry until then, shown in the status; browses do not fetch', async () => {
    const deps = setup();
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    await refreshSource(deps, REGISTRY_URL);
    deps.clock.advance(TTL + 1);
    upstream.use(
      http.get(REGISTRY_URL, () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '600' } })),
    );
    const { operation } = enqueueRefresh(deps, REGISTRY_URL, 'api');
    await deps.queue.runOnce();
    const retry = deps.queue.get(operation.id)!;
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, errorCode: 'REGISTRY_UNAVAILABLE' });
    expect(retry.runAt).toBe(deps.clock.now() + 600_000);
    expect(readRow(deps.db, sourceKey(REGISTRY_URL))).toMatchObject({
      failures: 1,
      lastErrorCode: 'UPSTREAM_RATE_LIMITED',
    });
    // Waiting for its retry is no refresh under way (the Store page waits for those): only its time shows.
    expect(storeStatus(deps).sources[1]).toMatchObject({
      failures: 1,
      next_attempt_at: new Date(retry.runAt).toISOString(),
      refreshing: false,
      refresh_operation: null,
    });

    const list = await listPlugins(deps, {});
    expect(list.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(list.metadata.stale).toBe(true);
    expect(list.metadata.source_errors[0]).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', has_copy: true });
    expect(deps.queue.history({ kind: STORE_REFRESH_KIND })).toHaveLength(1);

    deps.clock.advance(599_000);
    expect(await deps.queue.runOnce()).toBe(0);
    expect(upstream.count(REGISTRY_URL)).toBe(2);
    deps.clock.advance(1_000);
    upstream.use(ep.handler);
    expect(await deps.queue.runOnce()).toBe(1);
    expect(deps.queue.get(operation.id)).toMatchObject({ status: 'completed', attempts: 2 });
    expect((deps.queue.get(operation.id)!.result as { sources: unknown[] }).sources[0]).toMatchObject({
      outcome: 'not_modified',
    });
    expect(readRow(deps.db, sourceKey(REGISTRY_URL))).toMatchObject({ failures: 0, lastErrorCode: null });
  });

  it('a 403 without Retry-After is retried by the capped policy, the wait growing with each failure', async () => {
    const deps = setup();
    upstream.use(http.get(REGISTRY_URL, () => new HttpResponse('rate limited', { status: 403 })));
    const { operation } = enqueueRefresh(deps, REGISTRY_URL, 'api');
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await deps.queue.runOnce();
      const op = deps.queue.get(operation.id)!;
      waits.push(op.runAt - deps.clock.now());
      deps.clock.set(op.runAt);
    }
    // The tests' queue draws no jitter: the table itself.
    expect(waits).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000]);
    expect(waits.at(-1)).toBe(REGISTRY_BACKOFF.capMs);
    expect(upstream.count(REGISTRY_URL)).toBe(8);
    expect(readRow(deps.db, sourceKey(REGISTRY_URL))!.failures).toBe(8);
  });

  it('an explicit refresh of a source waiting for its retry runs now', async () => {
    const deps = setup();
    upstream.use(http.get(REGISTRY_URL, () => HttpResponse.error()));
    const first = enqueueRefresh(deps, REGISTRY_URL, 'system');
    await deps.queue.runOnce();
    expect(await deps.queue.runOnce()).toBe(0);
    const again = enqueueRefresh(deps, REGISTRY_URL, 'api');
    expect(again).toMatchObject({ coalesced: true, operation: { id: first.operation.id, runAt: deps.clock.now() } });
    expect(await deps.queue.runOnce()).toBe(1);
    expect(upstream.count(REGISTRY_URL)).toBe(2);
  });

  it.each([
    ['a 500', () => new HttpResponse('oops', { status: 500 }), 'API_ERROR'],
    ['a network error', () => HttpResponse.error(), 'NETWORK_ERROR'],
    [
      'an HTML page',
      () => new HttpResponse('<html>', { headers: { 'content-type': 'text/html' } }),
      'REGISTRY_INVALID',
    ],
  ])('%s keeps the cached entries', async (_name, answer, code) => {
    const deps = setup();
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock'), entry('text')])).handler);
    await refreshSource(deps, REGISTRY_URL);
    upstream.use(http.get(REGISTRY_URL, answer));
    const out = await refreshSource(deps, REGISTRY_URL, { force: true });
    expect(out).toMatchObject({ outcome: 'failed', entries: 2, error: { code } });
    expect(deps.registry.catalog().entries.map((e) => e.id)).toEqual(['clock', 'text']);
    expect(readRow(deps.db, sourceKey(REGISTRY_URL))!.body).toContain('"clock"');
  });
});

describe('GitHub repository and local file sources', () => {
  it('a repository tries main and master, plugins.json and registry.json, then remembers the hit', async () => {
    const repo = 'https://github.com/acme/registry';
    const deps = setup([repo]);
    const raw = (b: string, f: string) => `${repo}/raw/${b}/${f}`;
    upstream.use(
      http.get(raw('main', 'plugins.json'), () => new HttpResponse('Not Found', { status: 404 })),
      http.get(raw('main', 'registry.json'), () => new HttpResponse('Not Found', { status: 404 })),
      registryEndpoint(raw('master', 'plugins.json'), smallRegistry([entry('clock')])).handler,
    );
    expect((await refreshSource(deps, repo)).outcome).toBe('updated');
    expect(readRow(deps.db, sourceKey(repo))!.url).toBe(raw('master', 'plugins.json'));
    expect(upstream.calls).toHaveLength(3);
    upstream.calls.length = 0;
    expect((await refreshSource(deps, repo, { force: true })).outcome).toBe('not_modified');
    expect(upstream.calls).toEqual([`GET ${raw('master', 'plugins.json')}`]);
  });

  it('a repository with no registry file is a reported failure', async () => {
    const repo = 'https://github.com/acme/not-a-registry';
    const deps = setup([repo]);
    upstream.use(http.get(`${repo}/raw/*`, () => new HttpResponse(null, { status: 404 })));
    const out = await refreshSource(deps, repo);
    expect(out.error?.message).toContain('No plugins.json or registry.json');
    expect(upstream.calls).toHaveLength(4);
  });
});
