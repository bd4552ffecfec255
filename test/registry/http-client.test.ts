import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../../core/platform/net/http-client.ts';

const servers: http.Server[] = [];
const clients: HttpClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

function client(extra: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  const c = createHttpClient({ connectTimeoutMs: 500, totalTimeoutMs: 400, userAgent: 'Marquee/test', ...extra });
  clients.push(c);
  return c;
}

describe('outbound HTTP client', () => {
  it('sends its User-Agent and reuses the connection (keep-alive)', async () => {
    let connections = 0;
    const { url, server } = await serve((req, res) => res.end(req.headers['user-agent']));
    server.on('connection', () => connections++);
    const c = client();
    for (let i = 0; i < 10; i++) expect((await c.get(url)).body.toString()).toBe('Marquee/test');
    // The pool may open a second socket while the first is being released; never one per request.
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('follows a few redirects, then refuses', async () => {
    const { url } = await serve((req, res) => {
      const n = Number(req.url!.slice(1) || 0);
      if (n < 3) return res.writeHead(302, { location: `/${n + 1}` }).end();
      res.end(`arrived after ${n}`);
    });
    expect((await client().get(url)).body.toString()).toBe('arrived after 3');
    await expect(client().get(url, { maxRedirects: 2 })).rejects.toMatchObject({
      code: 'NETWORK_ERROR',
      transient: false,
    });
  });

  it('refuses a redirect to plain http on another host, and drops credentials across origins', async () => {
    const other = await serve((req, res) => res.end(String(req.headers.authorization ?? 'none')));
    const { url } = await serve((req, res) => {
      const to = req.url === '/away' ? 'http://registry.example.test/plugins.json' : other.url;
      res.writeHead(301, { location: to }).end();
    });
    await expect(client().get(`${url}/away`)).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    const res = await client().get(url, { headers: { Authorization: 'Bearer t0ken' } });
    expect(res.body.toString()).toBe('none');
    expect(res.url).toBe(`${other.url}/`);
  });

  it('refuses a body over the cap, declared or streamed', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/declared') return res.writeHead(200, { 'content-length': 5000 }).end('x'.repeat(5000));
      res.write('x'.repeat(3000));
      res.end('x'.repeat(3000));
    });
    await expect(client().get(`${url}/declared`, { maxBytes: 4096 })).rejects.toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
      context: { limit_bytes: 4096 },
    });
    await expect(client().get(`${url}/chunked`, { maxBytes: 4096 })).rejects.toMatchObject({
      code: 'RESPONSE_TOO_LARGE',
    });
    expect((await client().get(`${url}/chunked`, { maxBytes: 6000 })).body.length).toBe(6000);
  });

  it('streams a download chunk by chunk under the same cap', async () => {
    const { url } = await serve((_req, res) => {
      res.write(Buffer.alloc(1000, 1));
      setTimeout(() => res.end(Buffer.alloc(1000, 2)), 30);
    });
    const s = await client().stream(url, { maxBytes: 1500 });
    expect(s.status).toBe(200);
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const chunk of s.body) got.push(chunk.byteLength);
      })(),
    ).rejects.toMatchObject({ code: 'RESPONSE_TOO_LARGE' });
    expect(got.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1500);
    const ok = await client().stream(url, { maxBytes: 4000 });
    let total = 0;
    for await (const chunk of ok.body) total += chunk.byteLength;
    expect(total).toBe(2000);
  });

  it('times out an upstream that never answers, and one that stalls mid-body', async () => {
    const { url } = await serve((req, res) => {
      if (req.url === '/stall') res.write('partial');
    });
    const t0 = performance.now();
    await expect(client().get(`${url}/silent`)).rejects.toMatchObject({ code: 'TIMEOUT', transient: true });
    await expect(client().get(`${url}/stall`)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('a refused connection is a transient network error', async () => {
    const { url, server } = await serve((_req, res) => res.end());
    server.close();
    await new Promise((r) => setImmediate(r));
    await expect(client().get(url)).rejects.toMatchObject({ code: 'NETWORK_ERROR', transient: true });
  });

  it("the caller's abort passes through as itself, not as a timeout", async () => {
    const { url } = await serve(() => undefined);
    const ac = new AbortController();
    const p = client({ totalTimeoutMs: 5000 }).get(url, { signal: ac.signal });
    setTimeout(() => ac.abort(new Error('caller gave up')), 20);
    await expect(p).rejects.toThrow('caller gave up');
  });
});
