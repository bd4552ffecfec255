/**
 * Lifecycle operations end to end through the real bundled server: install of a ~100 KB plugin
 * from a loopback registry and archive host (POST → operation finished on the event stream), and
 * toggle (POST → 200 with the new state, the operation included).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sseReader } from '../test/support/sse.ts';
import { archiveEntries, buildZip, pluginFiles } from '../test/support/zip.ts';
import { percentile, startServer, type Row } from './harness.ts';

const INSTALLS = 30;

/** Half incompressible (an image), half code-like text: about 100 KB on the wire. */
function benchFiles(): Record<string, string | Buffer> {
  const files: Record<string, Buffer | string> = { 'assets/icon.bin': crypto.randomBytes(72 * 1024) };
  for (let i = 0; i < 8; i++)
    files[`lib/module${i}.js`] =
      `export const value${i} = ${JSON.stringify(crypto.randomBytes(3 * 1024).toString('base64'))};\n`;
  return files;
}

/** A registry listing `bench-0..n` and their GitHub-style archives, each answer after `latencyMs`. */
async function pluginHost(latencyMs: number) {
  const files = benchFiles();
  const zips = new Map<string, Buffer>();
  const zipOf = (id: string) => {
    if (!zips.has(id)) {
      const entries = archiveEntries(pluginFiles({ id, files }), { top: `${id}-main` });
      zips.set(id, buildZip(entries, { comment: 'b'.repeat(40) }));
    }
    return zips.get(id)!;
  };
  const server = http.createServer((req, res) => {
    setTimeout(() => {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      if (req.url === '/plugins.json') {
        const plugins = Array.from({ length: INSTALLS + 1 }, (_, i) => ({
          id: `bench-${i}`,
          name: `Bench ${i}`,
          repo: `${base}/bench-${i}`,
          branch: 'main',
          latest_version: '1.0.0',
        }));
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ plugins }));
      }
      const m = /^\/(bench-\d+)\/archive\/refs\/heads\/main\.zip$/.exec(req.url ?? '');
      if (!m) return void res.writeHead(404).end();
      const body = zipOf(m[1]!);
      res.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body);
    }, latencyMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    kb: Math.round(zipOf('bench-0').length / 1024),
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Installs bench-1..n one after another; each time is request → `operation.finished` on the stream. */
async function timeInstalls(base: string): Promise<number[]> {
  const stream = sseReader(await fetch(`${base}/api/v3/events`));
  await stream.next();
  const times: number[] = [];
  for (let i = 0; i <= INSTALLS; i++) {
    const t0 = performance.now();
    const res = await post(`${base}/api/v3/plugins/install`, { plugin_id: `bench-${i}` });
    const { operation_id: id } = ((await res.json()) as { data: { operation_id: string } }).data;
    const done = await stream.until((e) => e.event === 'operation.finished' && JSON.parse(e.data).operation_id === id);
    if (JSON.parse(done.data).status !== 'completed') throw new Error(`install of bench-${i} failed: ${done.data}`);
    // bench-0 warms the registry cache and the code paths.
    if (i > 0) times.push(performance.now() - t0);
  }
  await stream.close();
  return times;
}

async function timeToggles(base: string, n = 200): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n + 10; i++) {
    const t0 = performance.now();
    const res = await post(`${base}/api/v3/plugins/toggle`, { plugin_id: 'bench-0', enabled: i % 2 === 0 });
    if (res.status !== 200) throw new Error(`toggle answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
    if (i >= 10) times.push(performance.now() - t0);
  }
  return times;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Install end to end at `latencyMs` upstream latency, and (once, at 0 ms) toggle. */
export async function lifecycleOperations(rows: Row[], latencyMs: number): Promise<void> {
  const host = await pluginHost(latencyMs);
  const server = await startServer({
    MARQUEE_REGISTRY_SOURCES: `${host.url}/plugins.json`,
    MARQUEE_GITHUB_ENRICH: 'false',
    MARQUEE_DISPLAY_BACKEND: 'emulator',
  });
  const s = 'lifecycle';
  try {
    const installs = await timeInstalls(server.url);
    rows.push({
      scenario: s,
      metric: `install ${host.kb} KB plugin end to end p50 (${latencyMs} ms upstream)`,
      value: round(percentile(installs, 50)),
      unit: 'ms',
      target: latencyMs === 0 ? '<= 100' : undefined,
    });
    rows.push({
      scenario: s,
      metric: `install p99 (${latencyMs} ms upstream)`,
      value: round(percentile(installs, 99)),
      unit: 'ms',
    });
    if (latencyMs !== 0) return;
    const toggles = await timeToggles(server.url);
    rows.push({
      scenario: s,
      metric: 'POST /plugins/toggle p50 (sequential)',
      value: round(percentile(toggles, 50)),
      unit: 'ms',
      target: '<= 15',
    });
    rows.push({ scenario: s, metric: 'POST /plugins/toggle p99', value: round(percentile(toggles, 99)), unit: 'ms' });
  } finally {
    await server.stop();
    await host.close();
  }
}
