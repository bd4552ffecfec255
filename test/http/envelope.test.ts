import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';

const FIXTURE_ROUTES = path.join(import.meta.dirname, '../fixtures/routes');

async function setup(overrides: Record<string, unknown> = {}) {
  return testApp(testDeps(overrides), [FIXTURE_ROUTES]);
}

describe('success envelope', () => {
  it('carries data, response time and the request id, echoed in X-Request-Id', async () => {
    const { app } = await setup();
    const res = await app.request('/api/v3/system/version', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'success', data: { version: '0.1.0' }, metadata: { request_id: 'abc-123' } });
    expect(typeof body.metadata.response_time_ms).toBe('number');
  });

  it('replaces an unsafe incoming request id with a new one: a process prefix and a counter', async () => {
    const { app } = await setup();
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const res = await app.request('/api/v3/system/version', { headers: { 'x-request-id': 'bad id with spaces' } });
      ids.push(res.headers.get('x-request-id'));
      expect((await res.json()).metadata.request_id).toBe(ids[i]);
    }
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
    expect(new Set(ids).size).toBe(3);
    expect(new Set(ids.map((id) => id!.split('-')[0])).size).toBe(1);
  });

  it('the same headers on answers the envelope did not build (an error, an OPTIONS, a page)', async () => {
    const { app } = await setup();
    for (const [path, init] of [
      ['/api/v3/nothing-here', {}],
      ['/test/echo', { method: 'OPTIONS' }],
      ['/api/v3/openapi.json', {}],
    ] as const) {
      const res = await app.request(path, init);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('x-frame-options'), path).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
      expect(res.headers.get('cross-origin-resource-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-request-id'), path).toBeTruthy();
    }
    expect((await app.request('/api/v3/openapi.json')).headers.get('cache-control')).toBe('no-store');
    expect((await app.request('/test/echo', { method: 'OPTIONS' })).headers.get('cache-control')).toBeNull();
  });
});

describe('a cached document', () => {
  it.each([10, 5_000])('of %i entries is answered whole, with its metadata, as small and large answers', async (n) => {
    const { app } = await setup();
    const res = await app.request(`/test/serialized?n=${n}`, { headers: { 'x-request-id': 'doc-1' } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const length = res.headers.get('content-length');
    if (length !== null) expect(Number(length)).toBe(bytes.length);
    const body = JSON.parse(bytes.toString('utf8'));
    expect(body.data.items).toHaveLength(n);
    expect(body.data.items[n - 1]).toEqual({ id: `entry-${n - 1}`, note: 'é'.repeat(40), i: n - 1 });
    expect(body.metadata).toMatchObject({ count: n, request_id: 'doc-1' });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('error statuses', () => {
  it('unknown route → 404 NOT_FOUND', async () => {
    const { app } = await setup();
    const res = await app.request('/api/v3/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ status: 'error', error_code: 'NOT_FOUND', error_category: 'validation' });
  });

  it('wrong method → 405 METHOD_NOT_ALLOWED with Allow', async () => {
    const { app } = await setup();
    const res = await app.request('/api/v3/health', { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect((await res.json()).error_code).toBe('METHOD_NOT_ALLOWED');
  });

  it('OPTIONS → 204 with Allow', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo', { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, POST, HEAD, OPTIONS');
  });

  it('malformed JSON → 400 INVALID_INPUT', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"plugin_id":',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error_code: 'INVALID_INPUT', message: 'Request body must be valid JSON' });
  });

  it('wrong content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'plugin_id=x',
    });
    expect(res.status).toBe(415);
    const body = await res.json();
    expect(body.error_code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(body.context.received).toBe('text/plain');
  });

  it('a form body is accepted where the route allows forms', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'plugin_id=clock',
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.body).toEqual({ plugin_id: 'clock' });
  });

  it('body over the limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const { app } = await setup({ 'limits.bodyBytes': 1024 });
    const res = await app.request('/test/echo', jsonInit('POST', { plugin_id: 'x', pad: 'y'.repeat(2000) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE', context: { limit_bytes: 1024 } });
  });

  it('body over the limit without Content-Length (streamed) → 413', async () => {
    const { app } = await setup({ 'limits.bodyBytes': 1024 });
    const stream = new ReadableStream({
      start(ctrl) {
        ctrl.enqueue(new TextEncoder().encode(JSON.stringify({ plugin_id: 'x', pad: 'y'.repeat(4000) })));
        ctrl.close();
      },
    });
    const res = await app.request('/test/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('invalid body → 400 VALIDATION_ERROR listing each field path, expectation and received value', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo', jsonInit('POST', { plugin_id: '../x', settings: { count: 0 } }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error_code).toBe('VALIDATION_ERROR');
    expect(body.message).toContain('plugin_id');
    const fields = body.context.problems.map((p: { in: string; field: string }) => `${p.in}:${p.field}`);
    expect(fields).toEqual(['body:plugin_id', 'body:settings.count']);
    expect(body.context.problems[0].received).toBe('"../x"');
    expect(body.context.problems[1]).toMatchObject({ received: '0', expected: '>=1' });
  });

  it('missing body where one is required → 400 naming the body', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo', { method: 'POST' });
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0]).toMatchObject({
      in: 'body',
      field: '(root)',
      received: 'undefined',
    });
  });

  it('invalid query → 400 with the query field', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo?limit=5000', jsonInit('POST', { plugin_id: 'x' }));
    expect(res.status).toBe(400);
    expect((await res.json()).context.problems[0]).toMatchObject({ in: 'query', field: 'limit' });
  });
});

describe('unexpected errors and redaction', () => {
  it('an unexpected error → 500 UNKNOWN_ERROR without internals, logged with its stack', async () => {
    const { app, deps } = await setup();
    const res = await app.request('/test/echo');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ status: 'error', error_code: 'UNKNOWN_ERROR' });
    expect(text).not.toContain('boom');
    expect(text).not.toContain('TypeError');
    const line = (deps.log as unknown as { lines: Record<string, unknown>[] }).lines.find(
      (l) => l.msg === 'unhandled error',
    );
    expect(String(line?.stack)).toContain('TypeError');
    expect(JSON.stringify(line)).not.toContain('swordfish');
  });

  it('credentials in details and context are redacted', async () => {
    const { app } = await setup();
    const res = await app.request('/test/echo?kind=app');
    expect(res.status).toBe(502);
    const text = await res.text();
    for (const secret of ['hunter2', 'abc123', 'sk-live-999', 'k-123', 'p4ss']) expect(text).not.toContain(secret);
    const body = JSON.parse(text);
    expect(body.details).toContain('Authorization: Bearer <redacted>');
    expect(body.details).toContain('user:<redacted>@example.invalid');
  });
});
