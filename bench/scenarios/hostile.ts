/**
 * Requests built to be expensive, each near the 1 MB body limit: how long each takes to be refused,
 * and how long health takes right after (a stall would hold it up too).
 */
import fs from 'node:fs';
import { hostileRequests, timeRequest } from '../hostile-requests.ts';
import { percentile, startServer, type Row, type Scenario } from '../harness.ts';

const ROUNDS = 7;

/**
 * Time the server's main thread (where every request's JavaScript runs) has spent on a CPU, in ms.
 * Unlike the answer time it does not grow when other processes share the cores.
 */
const cpuMs = (pid: number) => Number(fs.readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
const round = (x: number) => Math.round(x * 10) / 10;

export const scenario: Scenario = {
  name: 'hostile',
  async run() {
    const rows: Row[] = [];
    const server = await startServer({ MARQUEE_DISPLAY_BACKEND: 'emulator' });
    try {
      for (const r of hostileRequests()) {
        const times: number[] = [];
        const statuses = new Set<number | string>();
        const health: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < ROUNDS; i++) {
          const before = cpuMs(server.pid);
          const t = await timeRequest(server.url, r, 60_000);
          cpu.push(cpuMs(server.pid) - before);
          statuses.add(t.status);
          times.push(t.ms);
          health.push(
            (await timeRequest(server.url, { ...r, method: 'GET', path: '/api/v3/health', body: '' }, 60_000)).ms,
          );
        }
        const label = `${r.name} → ${[...statuses].join('/')}`;
        rows.push({
          scenario: 'hostile',
          metric: `${label} p50`,
          value: round(percentile(times, 50)),
          unit: 'ms',
          target: '<= 100',
        });
        rows.push({ scenario: 'hostile', metric: `${label} max`, value: round(Math.max(...times)), unit: 'ms' });
        rows.push({
          scenario: 'hostile',
          metric: `${label} server CPU p50`,
          value: round(percentile(cpu, 50)),
          unit: 'ms',
        });
        rows.push({
          scenario: 'hostile',
          metric: `health right after, max`,
          value: round(Math.max(...health)),
          unit: 'ms',
        });
      }
    } finally {
      await server.stop();
    }
    return rows;
  },
};
