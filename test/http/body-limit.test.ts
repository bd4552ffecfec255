/**
 * The body limit on the real HTTP server: a declared length over it is refused from the header, a
 * chunked body as it streams past it, and bodies within it reach the route, both ways.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { tempDir } from '../support/temp.ts';
import { webSettings } from '../support/web-settings.ts';

const LIMIT = 2048;
let web: WebProcess;

beforeAll(async () => {
  const root = tempDir();
  const settings = webSettings(root, { 'limits.bodyBytes': LIMIT });
  web = await startWebProcess({ settings, superviseDisplay: false });
});

afterAll(() => web?.shutdown('test'));

/** POSTs `chunks` to the toggle endpoint, with a Content-Length or chunked; the status and JSON answer. */
function post(chunks: string[], framing: 'length' | 'chunked'): Promise<{ status: number; body: any }> {
  const size = chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  const headers: Record<string, string | number> = { 'content-type': 'application/json' };
  if (framing === 'length') headers['content-length'] = size;
  return new Promise((resolve, reject) => {
    const req = http.request(`${web.url}/api/v3/plugins/toggle`, { method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    // The server may answer and close before a refused body is all sent.
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? null : reject(e)));
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const body = (pad: number) => JSON.stringify({ plugin_id: 'nope', enabled: true, pad: 'x'.repeat(pad) });

describe('request body limit on the real server', () => {
  it.each(['length', 'chunked'] as const)('a body within the limit reaches the route (%s)', async (framing) => {
    const text = body(LIMIT - 200);
    const res = await post([text.slice(0, 500), text.slice(500)], framing);
    // The route read the body: it names the plugin the body asked for.
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error_code: 'PLUGIN_NOT_FOUND', context: { plugin_id: 'nope' } });
  });

  it.each(['length', 'chunked'] as const)('a body over the limit is refused with 413 (%s)', async (framing) => {
    const text = body(LIMIT + 100);
    const res = await post([text.slice(0, 1000), text.slice(1000)], framing);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error_code: 'PAYLOAD_TOO_LARGE', context: { limit_bytes: LIMIT } });
  });

  it('an empty POST reads as no body', async () => {
    const res = await post([], 'length');
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('VALIDATION_ERROR');
  });
});
