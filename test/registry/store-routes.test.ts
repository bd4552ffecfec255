import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';
import { API, writeSecrets } from '../support/github.ts';
import {
  entry,
  legacyRegistry,
  monorepoRegistry,
  REGISTRY_URL,
  registryEndpoint,
  smallRegistry,
} from '../support/registry.ts';
import { useUpstream } from '../support/upstream.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';

const upstream = useUpstream();
const LIST = '/api/v3/plugins/store/list';

/** The app over test deps whose queue runner runs, as in the web process (a cold browse waits for a refresh). */
async function setup(body = monorepoRegistry()) {
  const ctx = await testApp(testDeps({ 'registry.sources': [REGISTRY_URL], 'github.enrich': false }));
  ctx.deps.tasks.startAll();
  const ep = registryEndpoint(REGISTRY_URL, body);
  upstream.use(ep.handler);
  return { ...ctx, ep };
}

describe('GET /api/v3/plugins/store/list', () => {
  it('lists the registry in LEDMatrix fields with freshness metadata', async () => {
    const { app } = await setup();
    const res = await app.request(LIST);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.plugins).toHaveLength(48);
    expect(body.data.plugins.find((p: { id: string }) => p.id === 'weather')).toMatchObject({
      name: expect.any(String),
      plugin_path: 'plugins/ledmatrix-weather',
      version: expect.any(String),
      verified: true,
      source: REGISTRY_URL,
      last_commit: null,
    });
    expect(body.metadata).toMatchObject({ stale: false, source_errors: [], count: 48, total: 48 });
    expect(typeof body.metadata.fetched_at).toBe('string');
  });

  it('a browse carries an ETag over list and freshness: 304 while both are unchanged', async () => {
    const { app, deps } = await setup();
    const clock = deps.clock as ReturnType<typeof testDeps>['clock'];
    const first = await app.request(LIST);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const same = await app.request(LIST, { headers: { 'if-none-match': etag } });
    expect([same.status, await same.text()]).toEqual([304, '']);
    // Freshness is part of what the answer shows: an expired copy is a different answer.
    clock.advance(deps.settings.registry.ttlMs + 1);
    const stale = await app.request(LIST, { headers: { 'if-none-match': etag } });
    expect(stale.status).toBe(200);
    expect((await stale.json()).metadata.stale).toBe(true);
    expect(stale.headers.get('etag')).not.toBe(etag);
    // A filtered browse is kept as its own answer, with its own validator.
    const filtered = (await app.request(`${LIST}?query=weather`)).headers.get('etag')!;
    expect(filtered).toMatch(/^W\/"[\w-]+"$/);
    expect(filtered).not.toBe(stale.headers.get('etag'));
    expect((await app.request(`${LIST}?query=weather`, { headers: { 'if-none-match': filtered } })).status).toBe(304);
  });

  it('takes repeated tags, a verified flag, and ignores LEDMatrix switches', async () => {
    const { app } = await setup(legacyRegistry());
    const res = await app.request(`${LIST}?tags=clock&tags=weather&verified=true&fetch_commit_info=true`);
    const ids = (await res.json()).data.plugins.map((p: { id: string }) => p.id);
    expect(ids).toEqual(['clock-simple', 'weather']);
    const one = await (await app.request(`${LIST}?tags=weather`)).json();
    expect(one.data.plugins.map((p: { id: string }) => p.id)).toEqual(['weather']);
  });

  it.each([
    ['verified=maybe', 'verified'],
    ['query=a&query=b', 'query'],
    [`query=${'x'.repeat(201)}`, 'query'],
  ])('%s → 400 naming the query field', async (qs, field) => {
    const { app, ep } = await setup();
    const res = await app.request(`${LIST}?${qs}`);
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0]).toMatchObject({ in: 'query', field });
    expect(ep.state.served).toBe(0);
  });
});

describe('GET /api/v3/plugins/store/plugin/:id', () => {
  it('finds an entry by registry id or folder, with its versions', async () => {
    const { app } = await setup(legacyRegistry());
    const weather = await (await app.request('/api/v3/plugins/store/plugin/weather')).json();
    expect(weather.data).toMatchObject({ id: 'weather', download_url_template: expect.stringContaining('{version}') });
    expect(weather.data.versions[0]).toMatchObject({ version: '2.0.8', ledmatrix_min: '2.0.0' });
  });

  it('resolves the monorepo folder name and gives the latest version as the only version', async () => {
    const { app } = await setup();
    const res = await (await app.request('/api/v3/plugins/store/plugin/ledmatrix-weather')).json();
    expect(res.data).toMatchObject({
      id: 'weather',
      requested_id: 'ledmatrix-weather',
      versions: [{ version: expect.any(String) }],
    });
  });

  it('404 PLUGIN_NOT_FOUND for an unknown id, 400 for a malformed one', async () => {
    const { app } = await setup();
    const res = await app.request('/api/v3/plugins/store/plugin/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error_code: 'PLUGIN_NOT_FOUND', context: { plugin_id: 'nope' } });
    expect((await app.request('/api/v3/plugins/store/plugin/..%2Fetc')).status).toBe(400);
  });
});

describe('POST /api/v3/plugins/store/refresh and GET status', () => {
  const REFRESH = '/api/v3/plugins/store/refresh';

  it('runs a store-refresh operation and answers 200 with it when it finishes within the wait', async () => {
    const { app } = await setup(smallRegistry([entry('clock')]));
    const res = await app.request(REFRESH, jsonInit('POST', { fetch_commit_info: true }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.message).toBe('Plugin store refreshed: 1 plugin');
    expect(body.data).toMatchObject({
      operation_type: 'store-refresh',
      plugin_id: 'store-refresh:all',
      status: 'completed',
      requested_by: 'api',
      result: { plugin_count: 1, changed: true, updates_available: [] },
    });
    const history = await (await app.request('/api/v3/plugins/operation/history?operation_type=store-refresh')).json();
    expect(history.data.map((o: { operation_id: string }) => o.operation_id)).toEqual([body.data.operation_id]);
  });

  it('answers 202 with a Location while it runs; an identical pending request gets the same operation', async () => {
    const ctx = await testApp(
      testDeps({ 'registry.sources': [REGISTRY_URL], 'github.enrich': false, 'queue.waitMs': 0 }),
    );
    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([entry('clock')])).handler);
    const first = await ctx.app.request(REFRESH, jsonInit('POST', { source: REGISTRY_URL }));
    expect(first.status).toBe(202);
    const a = (await first.json()).data;
    expect(first.headers.get('location')).toBe(`/api/v3/plugins/operation/${a.operation_id}`);
    const second = await ctx.app.request(REFRESH, jsonInit('POST', { source: REGISTRY_URL }));
    expect((await second.json()).data).toEqual({ operation_id: a.operation_id, status: 'pending' });
    const all = (await (await ctx.app.request(REFRESH, { method: 'POST' })).json()).data;
    expect(all.operation_id).not.toBe(a.operation_id);

    const pending = (await (await ctx.app.request('/api/v3/plugins/store/status')).json()).data.sources[1];
    expect(pending).toMatchObject({
      refreshing: false,
      refresh_operation: { operation_id: a.operation_id, status: 'pending', requested_by: 'api' },
    });
    await ctx.deps.queue.runOnce();
    const op = (await (await ctx.app.request(`/api/v3/plugins/operation/${a.operation_id}`)).json()).data;
    expect(op).toMatchObject({ status: 'completed', plugin_id: `store-refresh:${REGISTRY_URL}` });
    const status = (await (await ctx.app.request('/api/v3/plugins/store/status')).json()).data;
    expect(status).not.toHaveProperty('refreshes');
    expect(status.sources.map((s: { id: string }) => s.id)).toEqual(['builtin', REGISTRY_URL]);
    expect(status.sources[1]).toMatchObject({
      kind: 'url',
      origin: 'settings',
      entries: 1,
      fresh: true,
      failures: 0,
      last_error: null,
      refresh_operation: null,
    });
  });

  it('refuses an unknown source (404) and a bad body (400), queueing nothing', async () => {
    const { app, deps } = await setup();
    const unknown = await app.request(REFRESH, jsonInit('POST', { source: 'https://x.example.test/p.json' }));
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).context.sources).toEqual(['builtin', REGISTRY_URL]);
    for (const [body, field] of [
      [{ source: 42 }, 'source'],
      [{ source: '' }, 'source'],
      [{ fetch_commit_info: 'yes' }, 'fetch_commit_info'],
    ] as const) {
      const bad = await app.request(REFRESH, jsonInit('POST', body));
      expect(bad.status).toBe(400);
      expect((await bad.json()).context.problems[0]).toMatchObject({ in: 'body', field });
    }
    expect(deps.queue.history({ kind: 'store-refresh' })).toEqual([]);
  });

  it('status shows skipped entries, then a failing source with its error and next attempt', async () => {
    const { app, deps } = await setup(smallRegistry([entry('clock'), { name: 'no id' }]));
    await app.request(LIST);
    const ok = (await (await app.request('/api/v3/plugins/store/status')).json()).data.sources[1];
    expect(ok.skipped).toEqual([expect.objectContaining({ index: 1, id: null })]);
    upstream.use(http.get(REGISTRY_URL, () => HttpResponse.error()));
    await deps.queue.waitForAttempt(enqueueRefresh(deps, REGISTRY_URL, 'api').operation.id, 5_000);
    const status = (await (await app.request('/api/v3/plugins/store/status')).json()).data;
    expect(status.sources[1]).toMatchObject({
      entries: 1,
      has_copy: true,
      failures: 1,
      last_error: { code: 'NETWORK_ERROR' },
      next_attempt_at: expect.any(String),
    });
    expect(Date.parse(status.sources[1].next_attempt_at)).toBeGreaterThan(deps.clock.now());
    // Transient: the operation waits for its retry, and says why.
    expect(deps.queue.history({ kind: 'store-refresh' })[0]).toMatchObject({
      status: 'pending',
      errorCode: 'REGISTRY_UNAVAILABLE',
      attempts: 1,
    });
  });
});

describe('GET /api/v3/plugins/store/github-status', () => {
  it('without a token: none, and no call to GitHub', async () => {
    const { app } = await setup();
    const res = await (await app.request('/api/v3/plugins/store/github-status')).json();
    expect(res.data).toMatchObject({ token_status: 'none', authenticated: false, rate_limit: 60, error: null });
    expect(upstream.count(API)).toBe(0);
  });

  it('with a token: checked once against /rate_limit, live figures, then answered from memory', async () => {
    const { app, deps } = await setup();
    writeSecrets(deps.settings.configDir, { token: 'ghp_ok' });
    const auth: Array<string | null> = [];
    const limits = { 'x-ratelimit-limit': '5000', 'x-ratelimit-remaining': '4990', 'x-ratelimit-reset': '2000000000' };
    upstream.use(
      http.get(`${API}/rate_limit`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return HttpResponse.json({ resources: {} }, { headers: limits });
      }),
    );
    const first = (await (await app.request('/api/v3/plugins/store/github-status')).json()).data;
    expect(first).toMatchObject({
      token_status: 'valid',
      authenticated: true,
      rate_limit: 5000,
      rate_limit_remaining: 4990,
      rate_limit_reset_at: new Date(2_000_000_000_000).toISOString(),
    });
    await app.request('/api/v3/plugins/store/github-status');
    expect(auth).toEqual(['Bearer ghp_ok']);
  });

  it('a refused token is reported invalid', async () => {
    const { app, deps } = await setup();
    writeSecrets(deps.settings.configDir, { token: 'ghp_bad' });
    upstream.use(
      http.get(`${API}/rate_limit`, () => HttpResponse.json({ message: 'Bad credentials' }, { status: 401 })),
    );
    const res = (await (await app.request('/api/v3/plugins/store/github-status')).json()).data;
    expect(res).toMatchObject({
      token_status: 'invalid',
      authenticated: false,
      message: expect.stringContaining('refused'),
    });
  });
});
