import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { readRow } from '../../core/registry/cache.ts';
import { listPlugins } from '../../core/registry/browse.ts';
import { refreshSource, REGISTRY_BACKOFF } from '../../core/registry/refresh.ts';
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

  it('concurrent refreshes of one source share one fetch', async () => {
    const deps = setup();
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    await Promise.all([1, 2, 3].map(() => refreshSource(deps, REGISTRY_URL, { force: true })));
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
  it('a 429 with Retry-After blocks attempts until then, persisted, visible in the row', async () => {
    const deps = setup();
    const ep = registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')]));
    upstream.use(ep.handler);
    await refreshSource(deps, REGISTRY_URL);
    deps.clock.advance(TTL + 1);
    upstream.use(
      http.get(REGISTRY_URL, () => new HttpResponse(null, { status: 429, headers: { 'retry-after': '600' } })),
    );
    const out = await refreshSource(deps, REGISTRY_URL);
    expect(out.outcome).toBe('failed');
    expect(out.error?.code).toBe('UPSTREAM_RATE_LIMITED');
    const row = readRow(deps.db, sourceKey(REGISTRY_URL))!;
    expect(row.backoffUntil).toBe(deps.clock.now() + 600_000);
    expect(row.failures).toBe(1);

    const list = await listPlugins(deps, {});
    expect(list.plugins.map((p) => p.id)).toEqual(['clock']);
    expect(list.metadata.stale).toBe(true);
    expect(list.metadata.source_errors[0]).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', has_copy: true });
    await deps.registry.idle();
    expect(upstream.count(REGISTRY_URL)).toBe(2);

    deps.clock.advance(599_000);
    expect((await refreshSource(deps, REGISTRY_URL)).outcome).toBe('backoff');
    expect(upstream.count(REGISTRY_URL)).toBe(2);
    deps.clock.advance(2_000);
    upstream.use(ep.handler);
    expect((await refreshSource(deps, REGISTRY_URL)).outcome).toBe('not_modified');
    expect(readRow(deps.db, sourceKey(REGISTRY_URL))).toMatchObject({ failures: 0, backoffUntil: null });
  });

  it('a 403 without Retry-After backs off by the capped policy, growing with each failure', async () => {
    const deps = setup();
    upstream.use(http.get(REGISTRY_URL, () => new HttpResponse('rate limited', { status: 403 })));
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      await refreshSource(deps, REGISTRY_URL, { force: true });
      const row = readRow(deps.db, sourceKey(REGISTRY_URL))!;
      waits.push(row.backoffUntil! - deps.clock.now());
    }
    expect(waits[0]).toBeGreaterThanOrEqual(REGISTRY_BACKOFF.baseMs * 0.8);
    expect(waits[0]).toBeLessThanOrEqual(REGISTRY_BACKOFF.baseMs);
    expect(waits.at(-1)).toBeLessThanOrEqual(REGISTRY_BACKOFF.capMs);
    expect(waits.at(-1)).toBeGreaterThanOrEqual(REGISTRY_BACKOFF.capMs * 0.8);
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
