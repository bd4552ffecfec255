import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { jsonInit, testApp, testDeps } from '../support/deps.ts';

const FIXTURE_ROUTES = path.join(import.meta.dirname, '../fixtures/routes');

describe('drain gate', () => {
  it('counts a request while it runs and refuses new mutations once draining, with Retry-After', async () => {
    const { app, deps } = await testApp(testDeps(), [FIXTURE_ROUTES]);
    const before = await app.request('/test/echo', jsonInit('POST', { plugin_id: 'a' }));
    expect(before.status).toBe(200);
    expect(before.headers.get('connection')).toBeNull();

    const slow = app.request('/test/slow?ms=60000', { method: 'POST' });
    await vi.waitFor(() => expect(deps.lifecycle.inflight).toBe(1));
    deps.lifecycle.beginDrain();

    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const refused = await app.request('/test/echo', jsonInit(method, { plugin_id: 'a' }));
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('5');
      expect(refused.headers.get('connection')).toBe('close');
      expect(await refused.json()).toMatchObject({ status: 'error', error_code: 'SERVICE_UNAVAILABLE' });
    }
    const health = await app.request('/api/v3/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('connection')).toBe('close');
    expect(deps.lifecycle.inflight).toBe(1);

    const idle = deps.lifecycle.idle(60_000);
    deps.lifecycle.abort();
    const aborted = await slow;
    expect(aborted.status).toBe(503);
    expect(aborted.headers.get('connection')).toBe('close');
    expect(await aborted.json()).toMatchObject({ message: 'Aborted: Marquee is shutting down' });
    await expect(idle).resolves.toBe(true);
    expect(deps.lifecycle.inflight).toBe(0);
  });
});
