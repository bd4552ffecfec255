import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load, percentile, startServer, type Row, type Scenario } from '../harness.ts';

const PLUGIN = 'big-board';
const SCHEMA = {
  type: 'object',
  properties: {
    title: { type: 'string', default: 'Board' },
    api_key: { type: 'string', 'x-secret': true },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 64 },
          value: { type: 'number', minimum: 0 },
          color: { type: 'string', pattern: '^#[0-9a-f]{6}$' },
          enabled: { type: 'boolean' },
        },
        required: ['name'],
      },
    },
  },
};

/** A plugin section of about 50 KB (JSON), varied by `n` so every save really writes. */
function bigConfig(n: number) {
  const rows = Array.from({ length: 520 }, (_, i) => ({
    name: `row-${i}-${'x'.repeat(40)}`,
    value: i + n,
    color: '#a0b1c2',
    enabled: i % 2 === 0,
  }));
  return { title: `Board ${n}`, api_key: `bench-secret-${n}`, rows };
}

/** A config folder and a plugins folder prepared before the server starts. */
function prepare(): { configDir: string; pluginsDir: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-config-'));
  const configDir = path.join(root, 'config');
  const pluginsDir = path.join(root, 'plugin-repos');
  fs.mkdirSync(path.join(pluginsDir, PLUGIN), { recursive: true });
  fs.mkdirSync(configDir);
  fs.writeFileSync(
    path.join(pluginsDir, PLUGIN, 'manifest.json'),
    JSON.stringify({ id: PLUGIN, name: PLUGIN, version: '1.0.0' }),
  );
  fs.writeFileSync(path.join(pluginsDir, PLUGIN, 'config_schema.json'), JSON.stringify(SCHEMA));
  const { api_key, ...regular } = bigConfig(0);
  fs.writeFileSync(
    path.join(configDir, 'config.json'),
    JSON.stringify({ timezone: 'UTC', [PLUGIN]: regular }, null, 4),
  );
  fs.writeFileSync(path.join(configDir, 'config_secrets.json'), JSON.stringify({ [PLUGIN]: { api_key } }), {
    mode: 0o600,
  });
  return { configDir, pluginsDir, root };
}

/** Sequential saves over one keep-alive connection: the latency one user sees per save. */
async function timeSaves(url: string, count: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 1; i <= count; i++) {
    const body = JSON.stringify({ plugin_id: PLUGIN, config: bigConfig(i) });
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v3/plugins/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await res.text();
    if (res.status !== 200) throw new Error(`save answered ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times;
}

export const scenario: Scenario = {
  name: 'config',
  async run() {
    const rows: Row[] = [];
    const dirs = prepare();
    const server = await startServer({
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_CONFIG_DIR: dirs.configDir,
      MARQUEE_PLUGINS_DIR: dirs.pluginsDir,
    });
    try {
      const bodyKb = Math.round(JSON.stringify({ plugin_id: PLUGIN, config: bigConfig(1) }).length / 1024);
      await timeSaves(server.url, 20);
      const saves = await timeSaves(server.url, 200);
      rows.push({
        scenario: 'config',
        metric: `POST /plugins/config ${bodyKb} KB, both files p50`,
        value: round(percentile(saves, 50)),
        unit: 'ms',
        target: '<= 15',
      });
      rows.push({
        scenario: 'config',
        metric: `POST /plugins/config ${bodyKb} KB, both files p99`,
        value: round(percentile(saves, 99)),
        unit: 'ms',
      });
      const get = `${server.url}/api/v3/config/main`;
      const reads: number[] = [];
      for (let i = 0; i < 600; i++) {
        const t0 = performance.now();
        await (await fetch(get)).text();
        reads.push(performance.now() - t0);
      }
      rows.push({
        scenario: 'config',
        metric: 'GET /config/main p50 (sequential)',
        value: round(percentile(reads.slice(100), 50)),
        unit: 'ms',
        target: '<= 2',
      });
      await load(get, { connections: 1, durationS: 2 });
      const one = await load(get, { connections: 1, durationS: 5 });
      rows.push({
        scenario: 'config',
        metric: 'GET /config/main p50 @1 (autocannon, whole ms)',
        value: one.p50,
        unit: 'ms',
      });
      rows.push({
        scenario: 'config',
        metric: 'GET /config/main req/s @1',
        value: Math.round(one.requestsPerSec),
        unit: 'req/s',
      });
      const many = await load(get, { connections: 16, durationS: 5 });
      rows.push({ scenario: 'config', metric: 'GET /config/main p50 @16', value: many.p50, unit: 'ms' });
      rows.push({
        scenario: 'config',
        metric: 'GET /config/main req/s @16',
        value: Math.round(many.requestsPerSec),
        unit: 'req/s',
      });
      if (one.errors + one.non2xx + many.errors + many.non2xx)
        rows.push({
          scenario: 'config',
          metric: 'GET errors/non-2xx',
          value: one.errors + one.non2xx + many.errors + many.non2xx,
          unit: 'responses',
          target: '<= 0',
        });
    } finally {
      await server.stop();
      fs.rmSync(dirs.root, { recursive: true, force: true });
    }
    return rows;
  },
};

const round = (x: number) => Math.round(x * 100) / 100;
