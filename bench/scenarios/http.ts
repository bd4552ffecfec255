/**
 * The request path against its floor, in one run on one machine: each API figure beside a bare
 * node:http server (its own process, node's defaults) answering the very body Marquee answered,
 * measured right after it with the same load. Ratios compare within the run, so a busy machine
 * moves both sides; the load average is printed with them. Load from wrk (see bench/wrk.ts).
 */
import os from 'node:os';
import type { Row, Scenario } from '../harness.ts';
import { bodyOf, startBareServer, startBenchDevice } from '../bench-device.ts';
import { wrk, type WrkResult } from '../wrk.ts';

const NAME = 'http';
const PATHS = ['/api/v3/plugins/installed', '/api/v3/plugins/store/list', '/api/v3/health'];
const CONNECTIONS = 16;

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Marquee, then the bare server, then each again: the better of two runs each, so a burst of other work costs neither side. */
async function pair(a: string, b: string, connections: number): Promise<[WrkResult, WrkResult]> {
  const run = (url: string) => wrk(url, { connections, durationS: connections === 1 ? 3 : 4 });
  const best = (x: WrkResult, y: WrkResult) => (x.requestsPerSec >= y.requestsPerSec ? x : y);
  const [a1, b1] = [await run(a), await run(b)];
  const [a2, b2] = [await run(a), await run(b)];
  return [best(a1, a2), best(b1, b2)];
}

export const scenario: Scenario = {
  name: NAME,
  async run() {
    const rows: Row[] = [];
    const row = (metric: string, value: number, unit: string, target?: string) =>
      rows.push({ scenario: NAME, metric, value, unit, target });
    row('load average (1 min) before', os.loadavg()[0]!, '');
    const device = await startBenchDevice({ storeSize: 100 });
    try {
      for (const p of PATHS) {
        const url = `${device.server.url}${p}`;
        const body = await bodyOf(url);
        const bare = await startBareServer(body);
        try {
          await wrk(url, { connections: CONNECTIONS, durationS: 2 });
          await wrk(bare.url, { connections: CONNECTIONS, durationS: 2 });
          const [m, b] = await pair(url, bare.url, CONNECTIONS);
          const name = `GET ${p.replace('/api/v3', '')} (${Math.round(body.length / 1024)} KB)`;
          row(`${name} req/s @${CONNECTIONS}`, Math.round(m.requestsPerSec), 'req/s');
          row(`${name} bare node:http req/s @${CONNECTIONS}`, Math.round(b.requestsPerSec), 'req/s');
          row(`${name} ratio to bare @${CONNECTIONS}`, round(m.requestsPerSec / b.requestsPerSec), '×', '>= 0.5');
          row(`${name} p99 @${CONNECTIONS}`, m.p99, 'ms', p.endsWith('health') ? '<= 5' : undefined);
          // The same tail of the bare server, loaded the same way: what this machine's scheduler adds alone.
          row(`${name} bare node:http p99 @${CONNECTIONS}`, b.p99, 'ms');
          if (m.errors) row(`${name} errors`, m.errors, 'responses', '<= 0');
          const [ms, bs] = await pair(url, bare.url, 1);
          row(`${name} one at a time p50`, round(ms.p50, 3), 'ms');
          row(`${name} bare node:http one at a time p50`, round(bs.p50, 3), 'ms');
          row(`${name} one at a time, above bare`, round(ms.p50 - bs.p50, 3), 'ms', '<= 0.15');
        } finally {
          await bare.stop();
        }
      }
    } finally {
      await device.close();
    }
    row('load average (1 min) after', os.loadavg()[0]!, '');
    return rows;
  },
};
