import path from 'node:path';
import { delay, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { signBody } from '../../core/registry/webhook-signature.ts';
import { STORE_REFRESH_KIND } from '../../core/registry/refresh-executor.ts';
import { enqueueRefresh } from '../../core/registry/refresh-queue.ts';
import { testApp, testDeps, type TestDeps } from '../support/deps.ts';
import { writeSecrets } from '../support/github.ts';
import { entry, REGISTRY_URL, registryEndpoint, smallRegistry } from '../support/registry.ts';
import { tempDir } from '../support/temp.ts';
import { useUpstream } from '../support/upstream.ts';

const upstream = useUpstream();
const SECRET = 'It\u2019s a Secret to Everybody';
const REPO = 'https://github.com/acme/registry';
const RAW = `${REPO}/raw/main/plugins.json`;
const PATH = '/api/v3/webhooks/registry';

const push = JSON.stringify({ ref: 'refs/heads/main', repository: { html_url: REPO, full_name: 'acme/registry' } });

const refreshes = (deps: TestDeps) => deps.queue.history({ kind: STORE_REFRESH_KIND });

async function setup(opts: { secret?: string | null; dataDir?: string; overrides?: Record<string, unknown> } = {}) {
  const deps = testDeps({
    'registry.sources': [REPO, REGISTRY_URL],
    'github.enrich': false,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...opts.overrides,
  });
  if (opts.secret !== null) writeSecrets(deps.settings.configDir, { webhook_secret: opts.secret ?? SECRET });
  const { app } = await testApp(deps);
  return { app, deps };
}

function send(
  app: Awaited<ReturnType<typeof setup>>['app'],
  body: string,
  h: { event?: string; delivery?: string; signature?: string | null } = {},
) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-github-event': h.event ?? 'push',
    'x-github-delivery': h.delivery ?? 'd-1',
  };
  if (h.signature !== null) headers['x-hub-signature-256'] = h.signature ?? signBody(SECRET, Buffer.from(body));
  return app.request(PATH, { method: 'POST', headers, body });
}

describe('registry webhook', () => {
  it('is off (404) without a configured secret, whatever is sent', async () => {
    const { app, deps } = await setup({ secret: null });
    const res = await send(app, push);
    expect(res.status).toBe(404);
    expect((await res.json()).error_code).toBe('NOT_FOUND');
    expect(refreshes(deps)).toEqual([]);
  });

  it('a signed push answers 202 at once and refreshes the pushed source as an operation', async () => {
    const { app, deps } = await setup();
    const ep = registryEndpoint(RAW, smallRegistry([entry('clock')]));
    upstream.use(
      http.get(RAW, async () => (await delay(1_500), undefined)),
      ep.handler,
    );
    deps.tasks.startAll();
    const t0 = performance.now();
    const res = await send(app, push);
    expect(performance.now() - t0).toBeLessThan(1_000);
    expect(res.status).toBe(202);
    const body = await res.json();
    expect(body.data).toMatchObject({
      status: 'pending',
      delivery_id: 'd-1',
      sources: [REPO],
      matched: true,
    });

    const done = await deps.queue.waitFor(body.data.operation_id, 10_000);
    expect(done.finished).toBe(true);
    const history = await (await app.request('/api/v3/plugins/operation/history?operation_type=store-refresh')).json();
    const listed = history.data;
    expect(listed).toEqual([
      expect.objectContaining({
        operation_id: body.data.operation_id,
        operation_type: 'store-refresh',
        plugin_id: `store-refresh:${REPO}`,
        requested_by: 'webhook',
        status: 'completed',
      }),
    ]);
    expect(listed[0].result.sources[0]).toMatchObject({ source_id: REPO, outcome: 'updated' });
    expect(upstream.count(REGISTRY_URL)).toBe(0);
  });

  it('a push ends in a reconcile run, also when the registry answers that nothing changed', async () => {
    const { app, deps } = await setup();
    upstream.use(registryEndpoint(RAW, smallRegistry([entry('clock')])).handler);
    deps.tasks.startAll();
    deps.reconciler.listen();
    for (const delivery of ['d-1', 'd-2']) {
      const body = await (await send(app, push, { delivery })).json();
      await deps.queue.waitFor(body.data.operation_id, 10_000);
      await deps.reconciler.idle();
    }
    const outcomes = refreshes(deps).map((op) => (op.result as { sources: { outcome: string }[] }).sources[0]!.outcome);
    expect(outcomes.sort()).toEqual(['not_modified', 'updated']);
    const runs = deps.queue.history({ kind: 'reconcile' }).map((o) => [o.requestedBy, o.status]);
    expect(runs).toEqual([
      ['registry', 'completed'],
      ['registry', 'completed'],
    ]);
  });

  it('a push from a repository that is not a source refreshes every remote source', async () => {
    const { app, deps } = await setup();
    upstream.use(
      registryEndpoint(RAW, smallRegistry([entry('clock')])).handler,
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('text')])).handler,
    );
    const other = JSON.stringify({ repository: { html_url: 'https://github.com/acme/other' } });
    const res = await send(app, other);
    expect((await res.json()).data).toMatchObject({ sources: ['builtin', REPO, REGISTRY_URL], matched: false });
    expect(refreshes(deps).map((o) => o.key)).toEqual(['store-refresh:all']);
    await deps.queue.runOnce();
    expect(deps.registry.catalog().entries.map((e) => e.id)).toEqual(['clock', 'text']);
  });

  it.each([
    ['a wrong signature', signBody('another secret', Buffer.from(push)), 'signature mismatch'],
    ['a malformed signature', 'sha1=abc', 'signature malformed'],
    ['no signature', null, 'signature missing'],
  ])('refuses %s with 401, logs it, and does nothing', async (_name, signature, reason) => {
    const { app, deps } = await setup();
    upstream.use(registryEndpoint(RAW, smallRegistry([entry('clock')])).handler);
    const res = await send(app, push, { signature });
    expect(res.status).toBe(401);
    expect((await res.json()).error_code).toBe('UNAUTHORIZED');
    expect(deps.log.lines.find((l) => l.msg === 'registry webhook refused')).toMatchObject({ reason, delivery: 'd-1' });
    expect(refreshes(deps)).toEqual([]);
    // Refused deliveries are not recorded, so the genuine one still counts when it comes.
    expect((await send(app, push)).status).toBe(202);
  });

  it('reads the secret through the config store: a save turns the webhook on and a new secret applies at once', async () => {
    const { app, deps } = await setup({ secret: null });
    expect((await send(app, push, { delivery: 'cfg-1' })).status).toBe(404);
    await deps.config.apply({ op: 'raw', file: 'secrets', content: { github: { webhook_secret: SECRET } } });
    expect((await send(app, push, { delivery: 'cfg-1' })).status).toBe(202);
    await deps.config.apply({ op: 'raw', file: 'secrets', content: { github: { webhook_secret: 'rotated' } } });
    expect((await send(app, push, { delivery: 'cfg-2' })).status).toBe(401);
    const body = push;
    const signed = await send(app, body, { delivery: 'cfg-2', signature: signBody('rotated', Buffer.from(body)) });
    expect(signed.status).toBe(202);
  });

  it('a body altered after signing is refused', async () => {
    const { app } = await setup();
    const res = await send(app, push.replace('acme', 'evil'), { signature: signBody(SECRET, Buffer.from(push)) });
    expect(res.status).toBe(401);
  });

  it('a replayed delivery id does nothing twice, also after a restart', async () => {
    const dataDir = path.join(tempDir(), 'data');
    const { app, deps } = await setup({ dataDir });
    upstream.use(registryEndpoint(RAW, smallRegistry([entry('clock')])).handler);
    const first = await (await send(app, push, { delivery: 'abc-123' })).json();
    const again = await send(app, push, { delivery: 'abc-123' });
    expect(again.status).toBe(200);
    expect((await again.json()).data).toEqual({
      delivery_id: 'abc-123',
      duplicate: true,
      operation_id: first.data.operation_id,
    });
    expect(refreshes(deps)).toHaveLength(1);
    await deps.queue.runOnce();
    deps.db.close();

    const restarted = await setup({ dataDir });
    const replay = await send(restarted.app, push, { delivery: 'abc-123' });
    expect((await replay.json()).data).toMatchObject({ duplicate: true, operation_id: first.data.operation_id });
    expect(refreshes(restarted.deps)).toEqual([
      expect.objectContaining({ id: first.data.operation_id, status: 'completed' }),
    ]);
  });

  it('an event other than push is acknowledged and ignored; ping answers 200', async () => {
    const { app, deps } = await setup();
    const issues = await send(app, '{"action":"opened"}', { event: 'issues', delivery: 'd-2' });
    expect(issues.status).toBe(200);
    expect(await issues.json()).toMatchObject({
      data: { event: 'issues', handled: false },
      message: expect.stringContaining('ignored'),
    });
    const ping = await send(app, '{"zen":"Keep it logically awesome."}', { event: 'ping', delivery: 'd-3' });
    expect(ping.status).toBe(200);
    expect((await ping.json()).message).toBe('pong');
    expect(refreshes(deps)).toEqual([]);
    const replayed = await send(app, '{"action":"opened"}', { event: 'issues', delivery: 'd-2' });
    expect((await replayed.json()).data).toEqual({ delivery_id: 'd-2', duplicate: true, operation_id: null });
  });

  it('a signed request without a delivery id, or with a body that is not JSON, is a 400', async () => {
    const { app } = await setup();
    expect((await send(app, push, { delivery: '' })).status).toBe(400);
    const bad = await send(app, '{"repository":', { delivery: 'd-9' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toBe('Webhook payload is not a JSON object');
  });

  it('accepts the form-encoded payload GitHub can be configured to send', async () => {
    const { app, deps } = await setup();
    upstream.use(registryEndpoint(RAW, smallRegistry([entry('clock')])).handler);
    const body = `payload=${encodeURIComponent(push)}`;
    const res = await app.request(PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-github-event': 'push',
        'x-github-delivery': 'form-1',
        'x-hub-signature-256': signBody(SECRET, Buffer.from(body)),
      },
      body,
    });
    expect(res.status).toBe(202);
    expect((await res.json()).data.sources).toEqual([REPO]);
    expect(refreshes(deps)).toHaveLength(1);
  });
});

describe('registry webhook: the delivery and its refresh are one transaction', () => {
  const deliveries = (deps: TestDeps) =>
    deps.db.sqlite.prepare('SELECT delivery_id, operation_id FROM webhook_deliveries').all();

  it('a refresh that cannot be queued leaves no delivery behind, so a redelivery is handled', async () => {
    const { app, deps } = await setup({ overrides: { 'limits.queueMaxPending': 1 } });
    upstream.use(registryEndpoint(RAW, smallRegistry([entry('clock')])).handler);
    enqueueRefresh(deps, REGISTRY_URL, 'api');
    const full = await send(app, push, { delivery: 'full-1' });
    expect(full.status).toBe(429);
    expect((await full.json()).error_code).toBe('QUEUE_FULL');
    expect(deliveries(deps)).toEqual([]);
    expect(refreshes(deps).map((o) => o.key)).toEqual([`store-refresh:${REGISTRY_URL}`]);

    upstream.use(registryEndpoint(REGISTRY_URL, smallRegistry([])).handler);
    await deps.queue.runOnce();
    const again = await send(app, push, { delivery: 'full-1' });
    expect(again.status).toBe(202);
    const op = (await again.json()).data.operation_id;
    expect(deliveries(deps)).toEqual([{ delivery_id: 'full-1', operation_id: op }]);
  });

  it('a failure after the refresh was queued takes the refresh back with the delivery', async () => {
    const { app, deps } = await setup();
    const enqueue = deps.queue.enqueue.bind(deps.queue);
    const created: string[] = [];
    const spy = vi.spyOn(deps.queue, 'enqueue').mockImplementation((req) => {
      created.push(enqueue(req).operation.id);
      throw new Error('disk I/O error');
    });
    expect((await send(app, push, { delivery: 'crash-1' })).status).toBe(500);
    expect(created).toHaveLength(1);
    expect(deps.queue.get(created[0]!)).toBeNull();
    expect(refreshes(deps)).toEqual([]);
    expect(deliveries(deps)).toEqual([]);

    spy.mockRestore();
    const retried = await send(app, push, { delivery: 'crash-1' });
    expect(retried.status).toBe(202);
    expect(refreshes(deps)).toHaveLength(1);
  });

  it('the same delivery sent twice at once starts one refresh', async () => {
    const { app, deps } = await setup();
    const answers = await Promise.all([1, 2, 3].map(() => send(app, push, { delivery: 'twice' })));
    const bodies = await Promise.all(answers.map((r) => r.json()));
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 202]);
    const ids = new Set(bodies.map((b) => b.data.operation_id));
    expect(ids.size).toBe(1);
    expect(refreshes(deps)).toHaveLength(1);
  });
});
