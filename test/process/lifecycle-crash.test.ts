import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import { installFromArchive } from '../../core/plugins/staging/install-archive.ts';
import { INSTALL_META_FILE } from '../../core/plugins/package/install-meta.ts';
import { systemClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { jsonInit } from '../support/deps.ts';
import { readConfigFiles, writeConfigFiles } from '../support/file-config-port.ts';
import { pluginArchive } from '../support/lifecycle.ts';
import { startServerEntry, type Spawned } from '../support/process.ts';
import { sseReader } from '../support/sse.ts';
import { tempDir } from '../support/temp.ts';
import { pluginFiles, treeOf, type PluginSpec } from '../support/zip.ts';

const ENTRY = 'test/fixtures/lifecycle/server.ts';
const V1: PluginSpec = { id: 'demo', version: '1.0.0', files: { 'v1.txt': '1', 'a.bin': Buffer.alloc(50_000, 1) } };
const V2: PluginSpec = { id: 'demo', version: '2.0.0', files: { 'v2.txt': '2', 'a.bin': Buffer.alloc(50_000, 2) } };

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** A registry and archive host on loopback (plain http is allowed there): demo at `version`. */
async function upstream() {
  // The registry always lists 2.0.0; the archive holds whatever `spec` is (1.0.0 first).
  const state = { spec: V1 };
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (req.url === '/plugins.json') {
      const plugins = [{ id: 'demo', name: 'Demo', repo: `${base}/demo`, branch: 'main', latest_version: '2.0.0' }];
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ plugins }));
    }
    if (req.url === '/demo/archive/refs/heads/main.zip') return void res.writeHead(200).end(pluginArchive(state.spec));
    res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { state, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/plugins.json` };
}

function folders(registryUrl: string) {
  const root = tempDir();
  const dirs = {
    data: path.join(root, 'data'),
    config: path.join(root, 'config'),
    plugins: path.join(root, 'plugin-repos'),
  };
  const env = {
    MARQUEE_DATA_DIR: dirs.data,
    MARQUEE_CONFIG_DIR: dirs.config,
    MARQUEE_PLUGINS_DIR: dirs.plugins,
    MARQUEE_BUILTIN_PLUGINS_DIR: path.join(root, 'builtin'),
    MARQUEE_REGISTRY_SOURCES: registryUrl,
    MARQUEE_LOG_LEVEL: 'info',
    MARQUEE_QUEUE_POLL_MS: '100',
  };
  return { dirs, env };
}

const hash = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
function contents(dir: string) {
  if (!fs.existsSync(dir)) return null;
  const files = treeOf(dir).filter((r) => !r.endsWith('/') && r !== INSTALL_META_FILE);
  return Object.fromEntries(files.map((r) => [r, hash(fs.readFileSync(path.join(dir, r)))]));
}
const expected = (spec: PluginSpec) =>
  Object.fromEntries(Object.entries(pluginFiles(spec)).map(([r, d]) => [r, hash(d)]));

/** Waits on the event stream until the operation has finished, then returns it. */
async function finished(url: string, id: string) {
  const stream = sseReader(await fetch(`${url}/api/v3/events`));
  await stream.next();
  const get = async () => (await (await fetch(`${url}/api/v3/plugins/operation/${id}`)).json()).data;
  let op = await get();
  while (!['completed', 'failed', 'cancelled'].includes(op.status)) {
    await stream.until((e) => e.event === 'operation.finished' && JSON.parse(e.data).operation_id === id);
    op = await get();
  }
  await stream.close();
  return op;
}

/**
 * Starts a server that stops at `point`, makes the request and kills the server there with SIGKILL.
 * The answer never comes (the process is frozen), so the operation is found after the restart.
 */
async function crashAt(env: Record<string, string>, point: string, route: string, body: unknown) {
  const first: Spawned & { url: string } = await startServerEntry(ENTRY, { ...env, CRASH_AT: point });
  const answer = fetch(`${first.url}/api/v3/plugins/${route}`, jsonInit('POST', body)).catch(() => null);
  await first.waitForLog((l) => l.msg === 'crash point' && l.step === point);
  first.child.kill('SIGKILL');
  await first.exited;
  await answer;
}

/** demo 1.0.0 installed (in this process, on the same folders) with settings and a secret in config. */
async function installedV1(dirs: { data: string; config: string; plugins: string }) {
  const settings = loadSettings({}, { dataDir: dirs.data, configDir: dirs.config, pluginsDir: dirs.plugins });
  const deps = {
    settings,
    db: openDb(dirs.data),
    clock: systemClock,
    log: memoryLogger(systemClock),
    version: '0.1.0',
  };
  const archive = path.join(path.dirname(dirs.data), 'v1.zip');
  fs.writeFileSync(archive, pluginArchive(V1));
  try {
    await installFromArchive(deps, {
      opId: 'setup',
      pluginId: 'demo',
      kind: 'install',
      archivePath: archive,
      origin: { source: 'registry' },
    });
  } finally {
    deps.db.close();
  }
  writeConfigFiles(dirs.config, { demo: { enabled: true, city: 'Oslo' } }, { demo: { key: 'k' } });
}

/** Restarts on the same folders; the queue reports the interrupted operation, which then runs to its end. */
async function restartAndFinish(env: Record<string, string>) {
  const second = await startServerEntry(ENTRY, env);
  const interrupted = await second.waitForLog((l) => l.msg === 'recovered interrupted operation');
  const op = await finished(second.url, String(interrupted.operation_id));
  const recovered = second.logs.find((l) => l.msg === 'plugin operation recovered after a crash');
  const state = (await (await fetch(`${second.url}/api/v3/plugins/state`)).json()).data;
  return { op, recovered, state, second };
}

describe('kill -9 of the web process during a lifecycle operation, then restart', () => {
  it.each([
    ['downloaded', 'discarded'],
    ['swap:moved-in', 'rolled-forward'],
  ])(
    'install killed at %s: recovery %s, the retried operation completes with the plugin whole',
    async (point, result) => {
      const up = await upstream();
      const { dirs, env } = folders(up.url);
      await crashAt(env, point, 'install', { plugin_id: 'demo' });
      const { op, recovered, state } = await restartAndFinish(env);
      const id = op.operation_id;
      expect(recovered).toMatchObject({ result, opId: point === 'downloaded' ? `${id}-dl` : id });
      expect(op).toMatchObject({ status: 'completed', attempts: 2 });
      expect(contents(path.join(dirs.plugins, 'demo'))).toEqual(expected(V1));
      expect(state.demo).toMatchObject({ version: '1.0.0', present: true, tombstoned: false });
      expect(treeOf(path.join(dirs.plugins, '.staging'))).toEqual([]);
    },
  );

  it.each([
    ['swap:moved-aside', 'rolled-back'],
    ['swap:recorded', 'rolled-forward'],
  ])('update killed at %s: recovery %s, then 2.0.0 complete, settings kept', async (point, result) => {
    const up = await upstream();
    const { dirs, env } = folders(up.url);
    await installedV1(dirs);
    up.state.spec = V2;
    await crashAt(env, point, 'update', { plugin_id: 'demo' });
    const { op, recovered, state } = await restartAndFinish(env);
    expect(recovered).toMatchObject({ result });
    expect(op).toMatchObject({ status: 'completed', attempts: 2 });
    expect(contents(path.join(dirs.plugins, 'demo'))).toEqual(expected(V2));
    expect(state.demo).toMatchObject({ version: '2.0.0', present: true });
    expect(readConfigFiles(dirs.config).config.demo).toEqual({ enabled: true, city: 'Oslo' });
    expect(treeOf(path.join(dirs.plugins, '.staging'))).toEqual([]);
  });

  it.each([
    ['uninstall:config-removed', 'rolled-back'],
    ['uninstall:moved', 'rolled-forward'],
  ])('uninstall killed at %s: recovery %s, then gone with its settings, tombstoned', async (point, result) => {
    const up = await upstream();
    const { dirs, env } = folders(up.url);
    await installedV1(dirs);
    await crashAt(env, point, 'uninstall', { plugin_id: 'demo' });
    const { op, recovered, state } = await restartAndFinish(env);
    expect(recovered).toMatchObject({ result });
    expect(op).toMatchObject({ status: 'completed', attempts: 2, result: { removed_files: true } });
    expect(fs.existsSync(path.join(dirs.plugins, 'demo'))).toBe(false);
    const files = readConfigFiles(dirs.config);
    expect([files.config.demo, files.secrets.demo]).toEqual([undefined, undefined]);
    expect(state.demo).toMatchObject({ status: 'uninstalled', present: false, tombstoned: true });
    expect(treeOf(path.join(dirs.plugins, '.staging'))).toEqual([]);
  });
});
