/**
 * An install refused from the plugin's manifest alone, through the real bundled server: the
 * registry and the plugin's repository are loopback servers answering after 150 ms, the plugin's
 * manifest asks for a LEDMatrix newer than the one Marquee provides. Measured from the POST to the
 * operation's failure (polled every 5 ms), with the requests the repository served per install.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { percentile, sleep, startServer, type Row, type Scenario } from '../harness.ts';
import { mockRegistry } from '../mock-upstream.ts';

const LATENCY_MS = 150;
const ROUNDS = 20;
const FOLDER = 'plugins/ledmatrix-future';

const manifest = JSON.stringify({
  id: 'ledmatrix-future',
  name: 'Future',
  version: '1.0.0',
  class_name: 'Future',
  display_modes: ['future'],
  compatible_versions: ['>=9.0.0'],
});

/** The plugin's repository: its raw manifest, and the branch archive (which must never be asked for). */
async function repository() {
  const seen = { manifest: 0, archive: 0, other: 0 };
  const server = http.createServer((req, res) => {
    const url = req.url ?? '';
    const kind = url.endsWith(`/raw/main/${FOLDER}/manifest.json`)
      ? 'manifest'
      : url.includes('/archive/')
        ? 'archive'
        : 'other';
    seen[kind]++;
    setTimeout(() => {
      if (kind === 'manifest') res.writeHead(200, { 'content-type': 'application/json' }).end(manifest);
      else res.writeHead(404).end();
    }, LATENCY_MS);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return { url, seen, close };
}

async function installUntilRefused(base: string): Promise<{ ms: number; code: string | null }> {
  const t0 = performance.now();
  const res = await fetch(`${base}/api/v3/plugins/install`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ plugin_id: 'future' }),
  });
  const { data } = (await res.json()) as { data: { operation_id: string } };
  for (;;) {
    const op = (await (await fetch(`${base}/api/v3/plugins/operation/${data.operation_id}`)).json()) as {
      data: { status: string; error: { code: string } | null };
    };
    if (op.data.status === 'failed' || op.data.status === 'completed')
      return { ms: performance.now() - t0, code: op.data.error?.code ?? null };
    await sleep(5);
  }
}

export const scenario: Scenario = {
  name: 'precheck',
  async run() {
    const repo = await repository();
    const entry = { id: 'future', name: 'Future', repo: `${repo.url}/future`, branch: 'main', plugin_path: FOLDER };
    const registry = await mockRegistry(JSON.stringify({ plugins: [entry] }), LATENCY_MS);
    const server = await startServer({
      MARQUEE_REGISTRY_SOURCES: `${registry.url}/plugins.json`,
      MARQUEE_GITHUB_ENRICH: 'false',
      MARQUEE_DISPLAY_BACKEND: 'emulator',
    });
    const times: number[] = [];
    try {
      // The registry fetched once and fresh, as it is on a running device.
      await fetch(`${server.url}/api/v3/plugins/store/list`);
      for (let i = 0; i < ROUNDS; i++) {
        const r = await installUntilRefused(server.url);
        if (r.code !== 'PLUGIN_INCOMPATIBLE') throw new Error(`expected PLUGIN_INCOMPATIBLE, got ${r.code}`);
        times.push(r.ms);
      }
    } finally {
      await server.stop();
      await registry.close();
      await repo.close();
    }
    const s = 'precheck';
    const round = (n: number) => Math.round(n * 10) / 10;
    const rows: Row[] = [
      {
        scenario: s,
        metric: `incompatible install refused @${LATENCY_MS} ms upstream p50`,
        value: round(percentile(times, 50)),
        unit: 'ms',
        target: '<= 300',
      },
      { scenario: s, metric: 'incompatible install refused p99', value: round(percentile(times, 99)), unit: 'ms' },
      {
        scenario: s,
        metric: 'upstream requests per refused install',
        value: round((repo.seen.manifest + repo.seen.archive + repo.seen.other) / ROUNDS),
        unit: 'requests',
        target: '<= 1',
      },
      { scenario: s, metric: 'archive downloads', value: repo.seen.archive, unit: 'requests', target: '<= 0' },
    ];
    return rows;
  },
};
