import path from 'node:path';
import { delay, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { signBody } from '../../core/store/webhook-signature.ts';
import { testApp, testDeps } from '../support/deps.ts';
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

async function setup(opts: { secret?: string | null; dataDir?: string } = {}) {
  const deps = testDeps({
    'registry.sources': [REPO, REGISTRY_URL],
    'github.enrich': false,
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
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
    expect(deps.store.jobs.jobs).toEqual([]);
  });

  it('a signed push answers 202 at once and refreshes the pushed source as an operation', async () => {
    const { app, deps } = await setup();
    const ep = registryEndpoint(RAW, smallRegistry([entry('clock')]));
    upstream.use(
      http.get(RAW, async () => (await delay(1_500), undefined)),
      ep.handler,
    );
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

    await deps.store.idle();
    const status = await (await app.request('/api/v3/plugins/store/status')).json();
    expect(status.data.refreshes).toEqual([
      expect.objectContaining({
        operation_id: body.data.operation_id,
        operation_type: 'store-refresh',
        requested_by: 'webhook',
        status: 'completed',
        params: expect.objectContaining({ source_ids: [REPO], force: true, delivery_id: 'd-1' }),
      }),
    ]);
    expect(status.data.refreshes[0].result.sources[0]).toMatchObject({ source_id: REPO, outcome: 'updated' });
    expect(upstream.count(REGISTRY_URL)).toBe(0);
  });

  it('a push from a repository that is not a source refreshes every remote source', async () => {
    const { app, deps } = await setup();
    upstream.use(
      registryEndpoint(RAW, smallRegistry([entry('clock')])).handler,
      registryEndpoint(REGISTRY_URL, smallRegistry([entry('text')])).handler,
    );
    const other = JSON.stringify({ repository: { html_url: 'https://github.com/acme/other' } });
    const res = await send(app, other);
    expect((await res.json()).data).toMatchObject({ sources: [REPO, REGISTRY_URL], matched: false });
    await deps.store.idle();
    expect(deps.store.catalog().entries.map((e) => e.id)).toEqual(['clock', 'text']);
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
    expect(deps.store.jobs.jobs).toEqual([]);
    // Refused deliveries are not recorded, so the genuine one still counts when it comes.
    expect((await send(app, push)).status).toBe(202);
    await deps.store.idle();
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
    await deps.store.idle();
    expect(deps.store.jobs.jobs).toHaveLength(1);
    deps.db.close();

    const restarted = await setup({ dataDir });
    const replay = await send(restarted.app, push, { delivery: 'abc-123' });
    expect((await replay.json()).data.duplicate).toBe(true);
    expect(restarted.deps.store.jobs.jobs).toEqual([]);
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
    expect(deps.store.jobs.jobs).toEqual([]);
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
    await deps.store.idle();
  });
});
