import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../hono.config.ts';
import type { Executor } from '../../core/queue/index.ts';
import { startWebProcess, type WebProcess } from '../../core/app/web.ts';
import { percentile, startServer, type Row, type Scenario } from '../harness.ts';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const tick = () => new Promise((r) => setImmediate(r));

/** The real web process in this process (no display), so the runner can be timed from inside. */
async function inProcess(executors: Executor[], overrides: Record<string, unknown> = {}) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-queue-'));
  const settings = loadSettings(
    {},
    {
      auth: 'off',
      port: 0,
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      logLevel: 'warn',
      ...overrides,
    },
  );
  const web = await startWebProcess({ settings, superviseDisplay: false, extraExecutors: executors });
  return {
    web,
    async stop() {
      await web.shutdown('bench over');
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Enqueue → executor start, one operation at a time on an idle queue. */
async function startLatency(n: number): Promise<number[]> {
  let onStart: ((t: number) => void) | null = null;
  const probe: Executor = { kind: 'probe', timeoutMs: 5_000, run: async () => onStart?.(performance.now()) };
  const { web, stop } = await inProcess([probe]);
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const started = new Promise<number>((r) => (onStart = r));
      const t0 = performance.now();
      const { operation } = web.deps.queue.enqueue({ kind: 'probe', key: `k${i % 50}` });
      samples.push((await started) - t0);
      await web.deps.queue.waitFor(operation.id, 5_000);
    }
  } finally {
    await stop();
  }
  return samples.slice(Math.floor(n / 10)); // the first tenth warms up the JIT and SQLite's page cache
}

/** No-op operations through the runner for `seconds`, the producer keeping up to `backlog` pending. */
async function throughput(seconds: number, backlog: number): Promise<number> {
  const noop: Executor = { kind: 'noop', timeoutMs: 5_000, run: async () => undefined };
  const { web, stop } = await inProcess([noop], { 'limits.queueMaxPending': backlog * 2 });
  let done = 0;
  let enqueued = 0;
  web.deps.events.subscribe((e) => {
    if (e.type === 'operation.finished') done += 1;
  });
  try {
    const run = async (ms: number) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        while (enqueued - done < backlog) web.deps.queue.enqueue({ kind: 'noop', key: `k${enqueued++}` });
        await tick();
      }
    };
    await run(1_000);
    const [d0, t0] = [done, performance.now()];
    await run(seconds * 1_000);
    return (done - d0) / ((performance.now() - t0) / 1_000);
  } finally {
    await stop();
  }
}

/** HTTP enqueue-and-wait of a no-op against the spawned fixture server; `workers` clients in parallel. */
async function httpRoundTrips(url: string, perWorker: number, workers: number) {
  const samples: number[] = [];
  const server: number[] = [];
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) {
        const t0 = performance.now();
        const res = await fetch(`${url}/test/operations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'noop', key: `w${w}`, wait_ms: 5_000 }),
        });
        const body = (await res.json()) as { data?: { status?: string }; metadata: { response_time_ms: number } };
        if (res.status !== 200 || body.data?.status !== 'completed') throw new Error(`unexpected ${res.status}`);
        if (i < perWorker / 10) continue;
        samples.push(performance.now() - t0);
        server.push(body.metadata.response_time_ms);
      }
    }),
  );
  return { samples, server };
}

/** Figures from issue 3: enqueue → start when idle, HTTP enqueue-and-wait of a no-op, ops/s through the runner. */
export const scenario: Scenario = {
  name: 'queue',
  async run() {
    const rows: Row[] = [];
    const row = (metric: string, value: number, unit: string, target?: string) =>
      rows.push({ scenario: 'queue', metric, value: round(value), unit, target });

    const starts = await startLatency(1_000);
    row('enqueue → executor start p50 (idle, in process)', percentile(starts, 50), 'ms');
    row('enqueue → executor start p99 (idle, in process)', percentile(starts, 99), 'ms', '<= 5');

    row(
      'no-op ops/s through the runner (concurrency 2, 5 s)',
      Math.round(await throughput(5, 200)),
      'ops/s',
      '>= 1000',
    );

    const server = await startServer({ MARQUEE_DISPLAY_BACKEND: 'emulator' }, 'test/fixtures/queue/server.ts');
    try {
      const one = await httpRoundTrips(server.url, 1_000, 1);
      row('HTTP enqueue-and-wait no-op p50 (1 client)', percentile(one.samples, 50), 'ms');
      row('HTTP enqueue-and-wait no-op p99 (1 client)', percentile(one.samples, 99), 'ms', '<= 10');
      // The server's own time for the same requests (response_time_ms), without the client's share.
      row('  same, server side p99 (1 client)', percentile(one.server, 99), 'ms');
      const eight = await httpRoundTrips(server.url, 250, 8);
      row('HTTP enqueue-and-wait no-op p50 (8 clients, 8 keys)', percentile(eight.samples, 50), 'ms');
      row('HTTP enqueue-and-wait no-op p99 (8 clients, 8 keys)', percentile(eight.samples, 99), 'ms');
    } finally {
      await server.stop();
    }
    return rows;
  },
};
