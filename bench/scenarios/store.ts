/**
 * The plugin store against a loopback registry and GitHub with 150 ms latency and 48 plugins:
 * cold start, warm browsing under load, a restart, and an unreachable registry with and without a
 * cached copy. Upstream requests are counted on the mock servers themselves.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { load, percentile, sleep, startServer, type Row, type Scenario } from '../harness.ts';
import { mockGithub, mockRegistry, type MockServer } from '../mock-upstream.ts';

const LATENCY_MS = 150;
const NAME = 'store';
const LIST = '/api/v3/plugins/store/list';
const DOCUMENT = path.join(PROJECT_ROOT, 'test/fixtures/registry/ledmatrix-plugins-monorepo.json');

async function timed(url: string): Promise<{ ms: number; body: any }> {
  const t0 = performance.now();
  const res = await fetch(url);
  const body = await res.json();
  return { ms: Math.round((performance.now() - t0) * 100) / 100, body };
}

/** One browse after another on one connection (autocannon, so the client's own cost stays small). */
const sequential = (url: string) => load(url, { connections: 1, durationS: 3 });

/** A full upstream round trip on a new connection (connect, request, the whole body), in ms. */
function roundTrip(url: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(performance.now() - t0));
      })
      .on('error', reject);
  });
}

/** Waits until the mocks have seen no request for `quietMs` (background enrichment finished). */
async function settle(mocks: MockServer[], quietMs = 1_000, maxMs = 20_000) {
  const count = () => mocks.reduce((n, m) => n + m.requests, 0);
  const t0 = Date.now();
  let last = count();
  let since = Date.now();
  while (Date.now() - t0 < maxMs && Date.now() - since < quietMs) {
    await sleep(100);
    if (count() !== last) [last, since] = [count(), Date.now()];
  }
}

function expireRegistryCache(dataDir: string) {
  const db = new Database(path.join(dataDir, 'marquee.db'));
  db.prepare("UPDATE store_cache SET expires_at = 1 WHERE key LIKE 'source:%'").run();
  db.close();
}

export const scenario: Scenario = {
  name: NAME,
  async run() {
    const rows: Row[] = [];
    const row = (metric: string, value: number, unit: string, target?: string) =>
      rows.push({ scenario: NAME, metric, value: Math.round(value * 100) / 100, unit, target });
    const registry = await mockRegistry(fs.readFileSync(DOCUMENT, 'utf8'), LATENCY_MS);
    const github = await mockGithub(LATENCY_MS);
    const upstream = () => registry.requests + github.requests;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-store-'));
    const env = {
      MARQUEE_REGISTRY_SOURCES: `${registry.url}/plugins.json`,
      MARQUEE_GITHUB_API_URL: github.url,
      MARQUEE_DATA_DIR: dataDir,
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_SHUTDOWN_GRACE_MS: '1000',
    };
    try {
      // The bench's own first fetch loads its HTTP client; do that before anything is timed.
      await fetch(`${github.url}/warm-up`).then((r) => r.text());
      const rtt = percentile(await Promise.all([1, 2, 3].map(() => roundTrip(`${registry.url}/plugins.json`))), 50);
      registry.requests = 0;
      github.requests = 0;
      row('upstream round trip (new connection, 48 plugins)', rtt, 'ms');

      // Cold start: empty cache; the first browse shares the fetch started with the process.
      let server = await startServer(env);
      const cold = await timed(`${server.url}${LIST}`);
      row('cold start: first browse (48 plugins)', cold.ms, 'ms', `<= ${Math.round(rtt + 50)}`);
      row('cold start: plugins listed', cold.body.data.plugins.length, 'plugins', '>= 48');
      await settle([registry, github]);
      row('GitHub facts fetched in the background', github.requests, 'calls');

      // Warm browsing under load.
      await load(`${server.url}${LIST}`, { connections: 16, durationS: 2 });
      const before = upstream();
      const warm = await load(`${server.url}${LIST}`, { connections: 16, durationS: 10 });
      const browses = warm.requestsPerSec * 10;
      row('warm list p50 @16', warm.p50, 'ms', '<= 2');
      row('warm list p99 @16', warm.p99, 'ms');
      row('warm list req/s @16', warm.requestsPerSec, 'req/s', '>= 3000');
      row('warm: upstream calls per browse', (upstream() - before) / browses, 'calls', '<= 0');
      if (warm.errors || warm.non2xx) row('warm: errors/non-2xx', warm.errors + warm.non2xx, 'responses', '<= 0');
      await server.stop();

      // Restart: warm from SQLite, nothing fetched for a browse.
      const beforeRestart = upstream();
      server = await startServer(env);
      row('restart: first browse (new process)', (await timed(`${server.url}${LIST}`)).ms, 'ms', `<= ${LATENCY_MS}`);
      row('restart: browse p50 (1 connection)', (await sequential(`${server.url}${LIST}`)).p50, 'ms', '<= 2');
      row('restart: upstream calls', upstream() - beforeRestart, 'calls', '<= 0');
      await server.stop();

      // Registry unreachable (accepts, never answers) with an expired cached copy.
      expireRegistryCache(dataDir);
      registry.blackhole = true;
      server = await startServer({ ...env, MARQUEE_OUTBOUND_TOTAL_TIMEOUT_MS: '3000' });
      const stale = await timed(`${server.url}${LIST}`);
      row('unreachable + copy: first browse (new process)', stale.ms, 'ms', `<= ${LATENCY_MS}`);
      row('unreachable + copy: marked stale', stale.body.metadata.stale ? 1 : 0, 'yes', '>= 1');
      row('unreachable + copy: plugins listed', stale.body.data.plugins.length, 'plugins', '>= 48');
      const s = await sequential(`${server.url}${LIST}`);
      row('unreachable + copy: browse p50 (1 connection)', s.p50, 'ms', '<= 5');
      row('unreachable + copy: browse p99 (1 connection)', s.p99, 'ms');
      await server.stop();

      // Registry unreachable and nothing ever cached: one bounded failure, then the backoff answers.
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-store-'));
      server = await startServer({ ...env, MARQUEE_DATA_DIR: empty, MARQUEE_OUTBOUND_TOTAL_TIMEOUT_MS: '2000' });
      const first = await timed(`${server.url}${LIST}`);
      row('unreachable, no copy: first browse (total timeout 2000 ms)', first.ms, 'ms', '<= 2100');
      row('unreachable, no copy: source errors reported', first.body.metadata.source_errors.length, 'errors', '>= 1');
      const attempts = registry.requests;
      const b = await sequential(`${server.url}${LIST}`);
      row('unreachable, no copy: later browse p50 (1 connection)', b.p50, 'ms', '<= 5');
      row('unreachable, no copy: later browse p99 (1 connection)', b.p99, 'ms');
      row('unreachable, no copy: attempts during backoff', registry.requests - attempts, 'calls', '<= 0');
      await server.stop();
      fs.rmSync(empty, { recursive: true, force: true });
    } finally {
      await registry.close();
      await github.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    return rows;
  },
};
