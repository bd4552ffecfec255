import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../core/platform/log.ts';
import { testApp, testDeps } from '../support/deps.ts';

const FIXTURE_ROUTES = path.join(import.meta.dirname, '../fixtures/routes');

/** The app over services whose log writes at `level` into `lines`. */
async function appLoggingAt(level: LogLevel, overrides: Record<string, unknown> = {}) {
  const deps = testDeps(overrides);
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ level, clock: deps.clock, sink: (l) => lines.push(JSON.parse(l)) });
  const { app } = await testApp({ ...deps, log }, [FIXTURE_ROUTES]);
  return { app, requests: () => lines.filter((l) => l.msg === 'request') };
}

describe('request log lines', () => {
  it('at info: none for requests that succeed in time, one for each failed request', async () => {
    const { app, requests } = await appLoggingAt('info');
    for (let i = 0; i < 20; i++) expect((await app.request('/api/v3/system/version')).status).toBe(200);
    expect(requests()).toEqual([]);
    await app.request('/api/v3/nothing-here?token=secret');
    await app.request('/test/echo');
    expect(requests()).toMatchObject([
      { level: 'info', method: 'GET', path: '/api/v3/nothing-here', status: 404 },
      { level: 'warn', method: 'GET', path: '/test/echo', status: 500 },
    ]);
    expect(JSON.stringify(requests())).not.toContain('secret');
  });

  it('at info: a request slower than logSlowRequestMs is logged at warn', async () => {
    const { app, requests } = await appLoggingAt('info', { logSlowRequestMs: 1 });
    await app.request('/test/slow?ms=20', { method: 'POST' });
    expect(requests()).toMatchObject([{ level: 'warn', path: '/test/slow', status: 200 }]);
    expect(requests()[0]!.ms as number).toBeGreaterThanOrEqual(1);
  });

  it('at debug: every request, with its id, status and time', async () => {
    const { app, requests } = await appLoggingAt('debug');
    const res = await app.request('/api/v3/system/version', { headers: { 'x-request-id': 'trace-1' } });
    expect(requests()).toMatchObject([
      { level: 'debug', request_id: 'trace-1', method: 'GET', path: '/api/v3/system/version', status: 200 },
    ]);
    expect(res.headers.get('x-request-id')).toBe('trace-1');
  });
});
