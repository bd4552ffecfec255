/**
 * The reconciler on the real server: a full run over 100 installed plugins with nothing to fix
 * (its duration from the run's operation, and the loopback registry's request counter for network
 * calls), then 1,000 requests against a config naming a plugin no registry has (runs and installs
 * counted in the operation history, registry fetches on the mock registry).
 */
import Database from 'better-sqlite3';
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { percentile, sleep, startServer, type Row } from '../harness.ts';
import { mockRegistry } from '../mock-upstream.ts';
import { entry, smallRegistry } from '../../test/support/registry.ts';
import type { Scenario } from '../harness.ts';

const NAME = 'reconcile';
const RECONCILE = '/api/v3/plugins/state/reconcile';
const STATUS = '/api/v3/plugins/reconciliation-status';
const PLUGINS = 100;
const RUNS = 50;

/** A registry listing `ids`, in the format of the tests' registries. */
const registryDocument = (ids: string[]) => smallRegistry(ids.map((id) => entry(id, { author: 'Bench' })));

/** A folder with `config/config.json`, `plugins/<id>/` for each installed id and an empty built-in folder. */
function workspace(installed: string[], config: Record<string, unknown>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-reconcile-'));
  for (const id of installed) {
    const dir = path.join(root, 'plugins', id);
    fs.mkdirSync(dir, { recursive: true });
    const manifest = { id, name: `Plugin ${id}`, version: '1.0.0', entry_point: 'index.js', display_modes: [id] };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(dir, 'index.js'), 'export default class Plugin {}\n');
    fs.writeFileSync(
      path.join(dir, 'config_schema.json'),
      '{"type":"object","properties":{"enabled":{"type":"boolean"}}}',
    );
  }
  fs.mkdirSync(path.join(root, 'config'), { recursive: true });
  fs.mkdirSync(path.join(root, 'builtin'), { recursive: true });
  fs.writeFileSync(path.join(root, 'config', 'config.json'), JSON.stringify(config, null, 2));
  const env = {
    MARQUEE_PLUGINS_DIR: path.join(root, 'plugins'),
    MARQUEE_CONFIG_DIR: path.join(root, 'config'),
    MARQUEE_BUILTIN_PLUGINS_DIR: path.join(root, 'builtin'),
    MARQUEE_GITHUB_ENRICH: 'false',
    MARQUEE_DISPLAY_BACKEND: 'emulator',
  };
  return { root, env };
}

/** User + system CPU time of a process so far, from /proc (clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function startupRunDone(url: string) {
  for (let i = 0; i < 200; i++) {
    const s = (await (await fetch(`${url}${STATUS}`)).json()) as { data: { done: boolean; running: boolean } };
    if (s.data.done && !s.data.running) return;
    await sleep(50);
  }
  throw new Error('the start-up reconcile run did not finish');
}

async function nothingToFix(): Promise<Row[]> {
  const ids = Array.from({ length: PLUGINS }, (_, i) => `plugin-${String(i).padStart(3, '0')}`);
  const registry = await mockRegistry(registryDocument(ids), 20);
  const ws = workspace(ids, Object.fromEntries(ids.map((id) => [id, { enabled: true }])));
  const server = await startServer({ ...ws.env, MARQUEE_REGISTRY_SOURCES: `${registry.url}/plugins.json` });
  try {
    await startupRunDone(server.url);
    const before = registry.requests;
    const durations: number[] = [];
    let found = 0;
    const cpu0 = cpuMs(server.pid);
    for (let i = 0; i < RUNS; i++) {
      const body = (await (await fetch(`${server.url}${RECONCILE}`, { method: 'POST' })).json()) as {
        data: { duration_ms: number; inconsistencies_found: number };
      };
      durations.push(body.data.duration_ms);
      found += body.data.inconsistencies_found;
    }
    const cpuPerRun = Math.round(((cpuMs(server.pid) - cpu0) / RUNS) * 10) / 10;
    const metric = (what: string) => `full run, ${PLUGINS} plugins, nothing to fix: ${what}`;
    return [
      {
        scenario: NAME,
        metric: metric(`median of ${RUNS}`),
        value: percentile(durations, 50),
        unit: 'ms',
        target: '<= 50',
      },
      { scenario: NAME, metric: metric('p95'), value: percentile(durations, 95), unit: 'ms' },
      { scenario: NAME, metric: metric('max'), value: Math.max(...durations), unit: 'ms' },
      // CPU time does not grow with the machine's load as wall time does (requests included).
      { scenario: NAME, metric: metric('server CPU per run'), value: cpuPerRun, unit: 'ms', target: '<= 50' },
      {
        scenario: NAME,
        metric: 'inconsistencies found over those runs',
        value: found,
        unit: 'findings',
        target: '<= 0',
      },
      {
        scenario: NAME,
        metric: 'registry requests during those runs',
        value: registry.requests - before,
        unit: 'requests',
        target: '<= 0',
      },
    ];
  } finally {
    await server.stop();
    await registry.close();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
}

async function missingFromRegistry(): Promise<Row[]> {
  const registry = await mockRegistry(registryDocument(['clock', 'weather']), 20);
  const ws = workspace([], { fakeplugin: { enabled: true } });
  const server = await startServer({ ...ws.env, MARQUEE_REGISTRY_SOURCES: `${registry.url}/plugins.json` });
  try {
    const paths = ['/api/v3/plugins/installed', '/api/v3/plugins/state', '/api/v3/health', STATUS];
    const result = await autocannon({
      url: server.url,
      connections: 8,
      amount: 1_000,
      requests: paths.map((p) => ({ method: 'GET' as const, path: p })),
    });
    await startupRunDone(server.url);
    const db = new Database(path.join(server.root, 'data', 'marquee.db'), { readonly: true });
    // The start-up's run, and the one its repair asked for when no registry had the plugin.
    const runs = (db.prepare("SELECT count(*) AS n FROM operations WHERE kind = 'reconcile'").get() as { n: number }).n;
    db.close();
    const history = (await (
      await fetch(`${server.url}/api/v3/plugins/operation/history?operation_type=install`)
    ).json()) as {
      data: unknown[];
    };
    return [
      {
        scenario: NAME,
        metric: '1,000 requests: responses (non-2xx)',
        value: result.non2xx,
        unit: 'responses',
        target: '<= 0',
      },
      { scenario: NAME, metric: '1,000 requests: reconcile runs', value: runs, unit: 'runs', target: '<= 2' },
      {
        scenario: NAME,
        metric: '1,000 requests: install operations',
        value: history.data.length,
        unit: 'operations',
        target: '<= 0',
      },
      {
        scenario: NAME,
        metric: '1,000 requests: registry fetches',
        value: registry.requests,
        unit: 'requests',
        target: '<= 1',
      },
      { scenario: NAME, metric: '1,000 requests: req/s', value: Math.round(result.requests.average), unit: 'req/s' },
    ];
  } finally {
    await server.stop();
    await registry.close();
    fs.rmSync(ws.root, { recursive: true, force: true });
  }
}

export const scenario: Scenario = {
  name: NAME,
  async run() {
    return [...(await nothingToFix()), ...(await missingFromRegistry())];
  },
};
