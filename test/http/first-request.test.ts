/**
 * Hono's Node adapter is loaded by the first request, not at start (core/http/server.ts): a server
 * nobody has asked anything yet has not loaded Node's fetch implementation, and requests arriving
 * together while the adapter loads are all answered.
 */
import { describe, expect, it } from 'vitest';
import { spawnNode } from '../support/process.ts';

describe('the first requests a server receives', () => {
  it('are all answered when they arrive together, and only then is the fetch implementation of Node loaded', async () => {
    const probe = spawnNode('test/fixtures/first-request-probe.ts', {
      env: { PORT: '0', MARQUEE_HOST: '127.0.0.1' },
    });
    const report = await probe.waitForLog((l) => 'statuses' in l);
    expect(report).toEqual({ loadedBefore: false, statuses: [200, 200, 200, 200, 200, 200], loadedAfter: true });
    expect((await probe.exited).code).toBe(0);
  });
});
