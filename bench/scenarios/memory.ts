/**
 * The web process at rest and after use: resident and private memory (smaps_rollup: what is not
 * the node binary's shared pages) at idle on the first start and after a restart, after a store browse of 100 plugins and 10,000 requests,
 * and after 10,000 more (what grows with the requests served shows as the difference), beside a
 * bare `node -e` started with the same flags and environment in the same run (the floor: the
 * binary's pages, V8's and libuv's own); and the CPU all processes (web, display, plugin hosts) use
 * at rest, as a share of one core.
 */
import autocannon, { type Request } from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import os from 'node:os';
import { WEB_NODE_ENV } from '../../core/app/node-flags.ts';
import { sleep, webFlags, type Row, type Scenario } from '../harness.ts';
import { startBenchDevice } from '../bench-device.ts';
import { idleCpu, memoryOf, type Memory } from '../proc-stats.ts';

const NAME = 'memory';
const IDLE_MS = 20_000;
const PATHS = [
  '/api/v3/plugins/installed',
  '/api/v3/plugins/store/list',
  '/api/v3/health',
  '/api/v3/config/main',
  '/api/v3/plugins/store/list?query=clock',
];

/** `count` GETs spread over PATHS on 16 connections, each with its own request id. */
async function requests(url: string, count: number): Promise<void> {
  let n = 0;
  const result = await autocannon({
    url,
    connections: 16,
    amount: count,
    requests: PATHS.map((path) => ({
      path,
      setupRequest: (req: Request) => ({ ...req, headers: { ...req.headers, 'x-request-id': `bench-${++n}` } }),
    })),
  });
  if (result.errors || result.non2xx) throw new Error(`${result.errors} errors, ${result.non2xx} non-2xx answers`);
}

/** A node process doing nothing, started as the web process is (its flags and malloc settings). */
async function bareNode(): Promise<Memory> {
  const child = spawn(
    process.execPath,
    [...webFlags(), '-e', "process.stdout.write('up\\n'); setInterval(() => {}, 1 << 30);"],
    { env: { ...process.env, ...WEB_NODE_ENV }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await once(child.stdout!, 'data');
    return memoryOf(child.pid!);
  } finally {
    child.kill('SIGTERM');
  }
}

async function enable(url: string, id: string): Promise<void> {
  const res = await fetch(`${url}/api/v3/plugins/toggle`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ plugin_id: id, enabled: true }),
  });
  if (res.status !== 200) throw new Error(`enabling ${id} answered ${res.status}: ${await res.text()}`);
}

export const scenario: Scenario = {
  name: NAME,
  async run() {
    const rows: Row[] = [];
    const row = (metric: string, value: number, unit: string, target?: string) =>
      rows.push({ scenario: NAME, metric, value, unit, target });
    const memory = (when: string, m: Memory, target?: string) => {
      row(`web RSS ${when}`, m.rssMb, 'MB', target);
      row(`web private memory ${when}`, m.privateMb, 'MB');
    };
    row('load average (1 min) before', os.loadavg()[0]!, '');
    console.log(`  web process: node ${webFlags().join(' ')}, ${JSON.stringify(WEB_NODE_ENV)}`);
    const bare = await bareNode();
    row('bare node -e RSS, same flags', bare.rssMb, 'MB');
    row('bare node -e private memory, same flags', bare.privateMb, 'MB');
    const device = await startBenchDevice({ storeSize: 100 });
    try {
      // Start-up work (discovery, the registry's first refresh, the display's first frames) ends first.
      await sleep(8_000);
      // The first start writes the first config (the first-party plugins' settings validated, which
      // loads the JSON Schema validator); a device spends its life in later starts, measured next.
      memory('at rest, first start', memoryOf(device.server.pid));
      const { url, pid } = await device.restart();
      await sleep(8_000);
      const cpu = await idleCpu(pid, IDLE_MS);
      row(`CPU at rest, all ${cpu.processes} processes`, cpu.percent, '% of a core');
      const rest = memoryOf(pid);
      memory('at rest, after a restart', rest, '<= 70');
      row('web RSS at rest above the bare node', Math.round((rest.rssMb - bare.rssMb) * 10) / 10, 'MB');
      for (let i = 0; i < 10; i++) await fetch(`${url}/api/v3/plugins/store/list`).then((r) => r.text());
      await requests(url, 10_000);
      await sleep(2_000);
      const after = memoryOf(pid);
      memory('after a 100-plugin browse and 10,000 requests', after, '<= 90');
      await requests(url, 10_000);
      await sleep(2_000);
      const again = memoryOf(pid);
      memory('after 10,000 more', again, '<= 90');
      row('web RSS growth over the second 10,000', Math.round((again.rssMb - after.rssMb) * 10) / 10, 'MB', '<= 5');
      const cpuAfter = await idleCpu(pid, IDLE_MS);
      row('CPU at rest after the load, all processes', cpuAfter.percent, '% of a core');
      // The clock on the panel: the display and the plugin host draw once a minute or second.
      await enable(url, 'clock');
      await sleep(8_000);
      const showing = await idleCpu(pid, IDLE_MS);
      row(`CPU with the clock on the panel, all ${showing.processes} processes`, showing.percent, '% of a core');
    } finally {
      await device.close();
    }
    row('load average (1 min) after', os.loadavg()[0]!, '');
    return rows;
  },
};
