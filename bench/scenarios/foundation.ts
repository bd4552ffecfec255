import { load, rssMb, sleep, startServer, type Row, type Scenario } from '../harness.ts';
import fs from 'node:fs';

/** Start time, health under load, idle memory of both processes. */
export const scenario: Scenario = {
  name: 'foundation',
  async run() {
    const rows: Row[] = [];
    const starts: number[] = [];
    // The first start warms tsx's transform cache as `npm ci && npm start` would on a device.
    for (let i = 0; i < 4; i++) {
      const s = await startServer({ MARQUEE_DISPLAY_BACKEND: 'emulator' });
      if (i > 0) starts.push(s.startMs);
      await s.stop();
    }
    rows.push({
      scenario: 'foundation',
      metric: 'start → listening (median of 3)',
      value: Math.round(starts.sort((a, b) => a - b)[1]!),
      unit: 'ms',
      target: '<= 1000',
    });

    const server = await startServer({ MARQUEE_DISPLAY_BACKEND: 'emulator' });
    try {
      await sleep(3000);
      const displayPid = Number(
        fs.readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/)[0],
      );
      rows.push({
        scenario: 'foundation',
        metric: 'web idle RSS',
        value: rssMb(server.pid),
        unit: 'MB',
        target: '<= 80',
      });
      if (displayPid)
        rows.push({
          scenario: 'foundation',
          metric: 'display idle RSS',
          value: rssMb(displayPid),
          unit: 'MB',
          target: '<= 60',
        });
      await load(`${server.url}/api/v3/health`, { connections: 16, durationS: 2 });
      const r = await load(`${server.url}/api/v3/health`, { connections: 16, durationS: 10 });
      rows.push({
        scenario: 'foundation',
        metric: 'GET /api/v3/health req/s @16',
        value: Math.round(r.requestsPerSec),
        unit: 'req/s',
      });
      rows.push({ scenario: 'foundation', metric: 'GET /api/v3/health p50 @16', value: r.p50, unit: 'ms' });
      rows.push({
        scenario: 'foundation',
        metric: 'GET /api/v3/health p99 @16',
        value: r.p99,
        unit: 'ms',
        target: '<= 5',
      });
      if (r.errors || r.non2xx)
        rows.push({
          scenario: 'foundation',
          metric: 'health errors/non-2xx',
          value: r.errors + r.non2xx,
          unit: 'responses',
          target: '<= 0',
        });
    } finally {
      await server.stop();
    }
    return rows;
  },
};
