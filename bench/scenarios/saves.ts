/**
 * The most common writes, one after another as a user makes them: a plugin switched on and off
 * (POST /plugins/toggle) and one setting saved (POST /plugins/config), each answered only once it
 * would survive a power cut. Times are medians of sequential requests on one connection; the syncs
 * per change are counted with strace on the real process in a separate pass (never timed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, type Row, type Scenario } from '../harness.ts';
import { startBenchDevice } from '../bench-device.ts';
import { countSyncs, type SyncCount } from '../fsyncs.ts';
import { durableReplaceTimes } from '../disk-floor.ts';

const NAME = 'saves';
const TIMED = 200;
const COUNTED = 20;
const PLUGIN = 'clock';

type Change = (url: string, i: number) => Promise<void>;

async function post(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${text.slice(0, 300)}`);
}

const CHANGES: Array<[string, Change]> = [
  [
    'POST /plugins/toggle',
    (url, i) => post(`${url}/api/v3/plugins/toggle`, { plugin_id: PLUGIN, enabled: i % 2 === 0 }),
  ],
  [
    'POST /plugins/config, one setting',
    (url, i) => post(`${url}/api/v3/plugins/config`, { plugin_id: PLUGIN, config: { show_seconds: i % 2 === 0 } }),
  ],
];

async function timed(url: string, change: Change, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await change(url, i);
    times.push(performance.now() - t0);
  }
  return times;
}

const round = (n: number) => Math.round(n * 100) / 100;

export const scenario: Scenario = {
  name: NAME,
  async run() {
    const rows: Row[] = [];
    const row = (metric: string, value: number, unit: string, target?: string) =>
      rows.push({ scenario: NAME, metric, value, unit, target });
    row('load average (1 min) before', os.loadavg()[0]!, '');
    const device = await startBenchDevice({ storeSize: 48 });
    const { url, pid } = device.server;
    const { configDir } = device;
    try {
      for (const [name, change] of CHANGES) {
        await timed(url, change, 20);
        const times = await timed(url, change, TIMED);
        // Right after, on the same disk: the floor moves with the disk's load, so it is taken each time.
        const bytes = fs.statSync(path.join(configDir, 'config.json')).size;
        const floor = percentile(await durableReplaceTimes(configDir, bytes, TIMED), 50);
        const p50 = percentile(times, 50);
        row(`${name} p50`, round(p50), 'ms', '<= 5');
        row(`${name} p99`, round(percentile(times, 99)), 'ms');
        row(`${name}: the disk alone, one durable replace of a ${bytes} B file, p50`, round(floor), 'ms');
        row(`${name} p50 above the disk alone`, round(p50 - floor), 'ms');
        const synced: SyncCount = await countSyncs(pid, async () => void (await timed(url, change, COUNTED)));
        row(`${name} data-file syncs per change`, round(synced.files / COUNTED), 'fsync', '<= 1');
        row(`${name} folder syncs per change`, round(synced.folders / COUNTED), 'fsync', '<= 1');
        row(`${name} database syncs per change`, round(synced.database / COUNTED), 'fsync');
      }
    } finally {
      await device.close();
    }
    row('load average (1 min) after', os.loadavg()[0]!, '');
    return rows;
  },
};
