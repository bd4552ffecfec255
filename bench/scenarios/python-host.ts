/**
 * The Python plugin host: resident memory idle with plugins loaded (one host holding five, and
 * five hosts holding one each), and the time from a render request to its frame at 64x32.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  copyFixtures,
  initHost,
  loadPlugin,
  render,
  spawnHost,
  type HostClient,
  type PluginPlace,
} from '../../test/hosts/python/host-process.ts';
import { percentile, sleep, type Row, type Scenario } from '../harness.ts';

const FIVE = ['hello-text', 'tz-clock', 'cache-ttl', 'raises', 'escape'];
const RENDERS = 2000;

/** Rss and Pss of a process in MB, from smaps_rollup (Pss shares libraries among the processes mapping them). */
function memory(pid: number): { rss: number; pss: number } {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return { rss: Math.round(kb('Rss') / 102.4) / 10, pss: Math.round(kb('Pss') / 102.4) / 10 };
}

async function hostWith(plugins: PluginPlace[]): Promise<HostClient> {
  const host = spawnHost();
  await initHost(host, undefined, { plugins: plugins.map(({ id, dir, data_dir }) => ({ id, dir, data_dir })) });
  for (const p of plugins) {
    const reply = await loadPlugin(host, p, { message: 'Bench' });
    if (reply.t !== 'done') throw new Error(`${p.id} did not load: ${JSON.stringify(reply)}`);
    await render(host, p.id);
  }
  return host;
}

async function stop(hosts: HostClient[]): Promise<void> {
  for (const h of hosts) h.send('shutdown');
  await Promise.all(hosts.map((h) => h.exited));
}

export const scenario: Scenario = {
  name: 'python-host',
  async run(): Promise<Row[]> {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-python-'));
    const rows: Row[] = [];
    const row = (metric: string, value: number, unit: string, target?: string) =>
      rows.push({ scenario: 'python-host', metric, value, unit, target });
    try {
      const { plugins } = copyFixtures(base, FIVE);
      const all = FIVE.map((id) => plugins[id]!);
      const empty = spawnHost();
      await initHost(empty);
      const shared = await hostWith(all);
      const single = await Promise.all(all.map((p) => hostWith([p])));
      await sleep(1000);
      const idle = memory(empty.child.pid!);
      const five = memory(shared.child.pid!);
      const each = single.map((h) => memory(h.child.pid!));
      row('host idle, no plugin: RSS', idle.rss, 'MB');
      row('host idle, 5 plugins: RSS', five.rss, 'MB', '<= 135');
      row('host idle, 5 plugins: PSS', five.pss, 'MB');
      row('5 hosts of 1 plugin: RSS, largest', Math.max(...each.map((m) => m.rss)), 'MB', '<= 75');
      row('5 hosts of 1 plugin: PSS, sum', Math.round(each.reduce((s, m) => s + m.pss, 0) * 10) / 10, 'MB');
      await stop([empty, ...single]);

      const waits: number[] = [];
      for (let i = 0; i < RENDERS; i++) {
        const r = await render(shared, 'hello-text', { force_clear: false, frame_no: i });
        if (r.frames.length !== 1) throw new Error(`render ${i} sent ${r.frames.length} frames`);
        waits.push(r.frames[0]!.at - r.sentAt);
      }
      row('render 64x32, request to frame: p50', Math.round(percentile(waits, 50) * 100) / 100, 'ms');
      row('render 64x32, request to frame: p99', Math.round(percentile(waits, 99) * 100) / 100, 'ms', '<= 5');
      await stop([shared]);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
    return rows;
  },
};
