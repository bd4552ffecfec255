import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import { installFromArchive } from '../../core/plugins/staging/install-archive.ts';
import { systemClock } from '../../core/platform/clock.ts';
import { createLogger } from '../../core/platform/log.ts';
import { pluginZip, writePluginFolder } from '../../test/support/zip.ts';
import { load, percentile, startServer, type Row, type Scenario } from '../harness.ts';
import { lifecycleOperations } from '../lifecycle-ops.ts';

const PLUGINS = 40;

/** GET /api/v3/plugins/installed with 40 plugins on disk, through the real bundled server. */
async function installedList(rows: Row[]) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-plugins-'));
  for (let i = 0; i < PLUGINS; i++) {
    writePluginFolder(root, {
      id: `plugin-${String(i).padStart(2, '0')}`,
      version: `1.${i}.0`,
      manifest: {
        description: `Benchmark plugin number ${i} with a description of ordinary length.`,
        tags: ['bench', 'demo'],
      },
    });
  }
  const server = await startServer({ MARQUEE_PLUGINS_DIR: root, MARQUEE_DISPLAY_BACKEND: 'emulator' });
  try {
    const url = `${server.url}/api/v3/plugins/installed`;
    const listed = (await (await fetch(url)).json()) as { data: { plugins: unknown[] } };
    if (listed.data.plugins.length !== PLUGINS)
      throw new Error(`expected ${PLUGINS} plugins, got ${listed.data.plugins.length}`);
    await load(url, { connections: 16, durationS: 2 });
    const r = await load(url, { connections: 16, durationS: 10 });
    const s = 'lifecycle';
    rows.push({
      scenario: s,
      metric: `GET /plugins/installed (${PLUGINS}) p50 @16`,
      value: r.p50,
      unit: 'ms',
      target: '<= 2',
    });
    rows.push({ scenario: s, metric: `GET /plugins/installed (${PLUGINS}) p99 @16`, value: r.p99, unit: 'ms' });
    rows.push({
      scenario: s,
      metric: `GET /plugins/installed (${PLUGINS}) req/s @16`,
      value: Math.round(r.requestsPerSec),
      unit: 'req/s',
      target: '>= 3000',
    });
    if (r.errors || r.non2xx)
      rows.push({
        scenario: s,
        metric: 'installed errors/non-2xx',
        value: r.errors + r.non2xx,
        unit: 'responses',
        target: '<= 0',
      });
  } finally {
    await server.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** Extract + validate + activate of a 100 KB plugin archive, in process (the part after the download). */
async function archiveInstall(rows: Row[]) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-install-'));
  const settings = loadSettings(
    {},
    {
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugins'),
      logLevel: 'silent',
    },
  );
  const deps = {
    settings,
    db: openDb(settings.dataDir),
    clock: systemClock,
    log: createLogger({ level: 'silent', clock: systemClock }),
    version: '0.1.0',
  };
  // Half incompressible (images), half code-like text: about 100 KB on the wire.
  const files: Record<string, Buffer | string> = { 'assets/icon.bin': crypto.randomBytes(72 * 1024) };
  for (let i = 0; i < 8; i++)
    files[`lib/module${i}.js`] =
      `export const value${i} = ${JSON.stringify(crypto.randomBytes(3 * 1024).toString('base64'))};\n`;
  const zip = pluginZip(path.join(root, 'plugin.zip'), { id: 'bench', files });
  const kb = Math.round(fs.statSync(zip).size / 1024);
  const times: number[] = [];
  try {
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      await installFromArchive(deps, {
        opId: `op${i}`,
        pluginId: 'bench',
        kind: i ? 'update' : 'install',
        archivePath: zip,
        origin: { source: 'registry' },
      });
      if (i >= 5) times.push(performance.now() - t0);
    }
  } finally {
    deps.db.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
  const s = 'lifecycle';
  rows.push({
    scenario: s,
    metric: `extract+validate+activate ${kb} KB archive p50`,
    value: Math.round(percentile(times, 50) * 10) / 10,
    unit: 'ms',
    target: '<= 100',
  });
  rows.push({
    scenario: s,
    metric: 'extract+validate+activate p99',
    value: Math.round(percentile(times, 99) * 10) / 10,
    unit: 'ms',
  });
}

export const scenario: Scenario = {
  name: 'lifecycle',
  async run() {
    const rows: Row[] = [];
    await archiveInstall(rows);
    await lifecycleOperations(rows, 0);
    await lifecycleOperations(rows, 150);
    await installedList(rows);
    return rows;
  },
};
