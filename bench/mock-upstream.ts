/**
 * Loopback stand-ins for a registry and GitHub's API, real node:http servers in the benchmark
 * process: a fixed latency per answer, ETags (304 on a match), GitHub's rate-limit headers, a
 * count of what they served, and a "blackhole" mode where requests are accepted and never answered.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MockServer {
  url: string;
  requests: number;
  blackhole: boolean;
  close(): Promise<void>;
}

async function listen(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, latencyMs: number) {
  const server = http.createServer();
  const mock: MockServer = {
    url: '',
    requests: 0,
    blackhole: false,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
  server.on('request', (req, res) => {
    mock.requests++;
    if (mock.blackhole) return;
    setTimeout(() => handler(req, res), latencyMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  mock.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return mock;
}

function send(req: http.IncomingMessage, res: http.ServerResponse, etag: string, body: string, extra = {}) {
  if (req.headers['if-none-match'] === etag) return res.writeHead(304, { etag, ...extra }).end();
  res.writeHead(200, { 'content-type': 'application/json', etag, ...extra }).end(body);
}

/** Serves one registry document at /plugins.json. */
export function mockRegistry(document: string, latencyMs: number): Promise<MockServer> {
  return listen((req, res) => {
    if (req.url !== '/plugins.json') return res.writeHead(404).end();
    send(req, res, '"registry-1"', document);
  }, latencyMs);
}

/** Answers /repos/:owner/:repo and /repos/:owner/:repo/commits like GitHub's REST API. */
export function mockGithub(latencyMs: number): Promise<MockServer> {
  const limits = {
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': '4900',
    'x-ratelimit-used': '100',
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
  };
  return listen((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const m = /^\/repos\/([^/]+)\/([^/]+)(\/commits)?$/.exec(url.pathname);
    if (!m) return res.writeHead(404, limits).end('{"message":"Not Found"}');
    const body = m[3]
      ? [
          {
            sha: '0123456789abcdef0123456789abcdef01234567',
            commit: {
              message: `Update ${url.searchParams.get('path') ?? m[2]}`,
              author: { name: 'Dev' },
              committer: { date: '2026-08-01T12:00:00Z' },
            },
          },
        ]
      : { stargazers_count: 42, forks_count: 7, default_branch: 'main', pushed_at: '2026-08-01T12:00:00Z' };
    send(req, res, `"gh-${url.pathname}"`, JSON.stringify(body), limits);
  }, latencyMs);
}
