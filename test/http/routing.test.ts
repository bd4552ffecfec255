/**
 * The route table is served by Hono's RegExp router (a static path is one map look-up): a literal
 * route beside a parameter (`operation/history` beside `operation/:id`) keeps its public path, a
 * method a path does not have is a 405 naming those it has, and a path no route has is a 404, each
 * after the same Host check as any request.
 */
import { describe, expect, it } from 'vitest';
import { testApp, testDeps } from '../support/deps.ts';

const NO_OP = '00000000-0000-4000-8000-000000000000';

describe('routing', () => {
  it('uses the RegExp router for the whole route table', async () => {
    const { app } = await testApp(testDeps());
    expect(app.router.name).toBe('RegExpRouter');
    expect((await app.request('/api/v3/health')).status).toBe(200);
  });

  it('answers a literal path and the parameter beside it, each with its own route', async () => {
    const { app } = await testApp(testDeps());
    const history = await app.request('/api/v3/plugins/operation/history');
    expect(history.status).toBe(200);
    expect((await history.json()).status).toBe('success');
    const missing = await app.request(`/api/v3/plugins/operation/${NO_OP}`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error_code).toBe('OPERATION_NOT_FOUND');
    // Below the literal, the parameter's routes answer: `history` is no operation id.
    const cancel = await app.request('/api/v3/plugins/operation/history/cancel', { method: 'POST' });
    expect(cancel.status).toBe(400);
    expect((await cancel.json()).context.problems[0]).toMatchObject({ in: 'params', field: 'id' });
  });

  it.each([
    ['POST', '/api/v3/plugins/operation/history', 'GET, DELETE, HEAD, OPTIONS'],
    ['PUT', `/api/v3/plugins/operation/${NO_OP}`, 'GET, HEAD, OPTIONS'],
    ['DELETE', '/api/v3/health', 'GET, HEAD, OPTIONS'],
    ['PROPFIND', '/api/v3/plugins/installed', 'GET, HEAD, OPTIONS'],
  ])('%s %s → 405 with Allow: %s', async (method, path, allow) => {
    const { app } = await testApp(testDeps());
    const res = await app.request(path, { method });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect((await res.json()).error_code).toBe('METHOD_NOT_ALLOWED');
  });

  it('OPTIONS of the literal path names its own methods', async () => {
    const { app } = await testApp(testDeps());
    const res = await app.request('/api/v3/plugins/operation/history', { method: 'OPTIONS' });
    expect([res.status, res.headers.get('allow')]).toEqual([204, 'GET, DELETE, HEAD, OPTIONS']);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it.each(['/api/v3/nothing', '/api/v3/plugins/installed', '/api/v3/plugins/operation/history'])(
    'a foreign Host is refused with 421 on %s, before routing decides anything',
    async (path) => {
      const { app } = await testApp(testDeps());
      for (const method of ['GET', 'PROPFIND']) {
        const res = await app.request(path, { method, headers: { host: 'evil.example' } });
        expect(res.status).toBe(421);
        expect((await res.json()).error_code).toBe('MISDIRECTED_REQUEST');
      }
    },
  );
});
