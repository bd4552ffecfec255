import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { startServer, type RunningServer } from '../../bench/harness.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { startPluginHost, type PluginHost } from '../browser/support/plugin-host.ts';
import { LEDMATRIX_FIXTURES } from '../support/ledmatrix.ts';
import { hostReachableDir } from '../support/display.ts';
import { archiveEntries, buildZip } from '../support/zip.ts';

// A LEDMatrix plugin whose manifest names neither class_name nor version, from a registry and code
// host on loopback through the real install operation, drawn by the real display process.

const FIXTURE = path.join(LEDMATRIX_FIXTURES, 'classless');
const TWO_CLASSES =
  'from src.plugin_system.base_plugin import BasePlugin\n\nclass Day(BasePlugin):\n    pass\n\nclass Night(BasePlugin):\n    pass\n';

let host: PluginHost;
let server: RunningServer;
let root: string;

function fixtureFiles(overrides: Record<string, string> = {}): Record<string, string> {
  const files = Object.fromEntries(
    fs.readdirSync(FIXTURE).map((f) => [f, fs.readFileSync(path.join(FIXTURE, f), 'utf8')]),
  );
  return { ...files, ...overrides };
}

const zipOf = (id: string, files: Record<string, string>) => buildZip(archiveEntries(files, { top: `${id}-main` }));

beforeAll(async () => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
  host = await startPluginHost();
  host.setRegistry([
    host.entry('classless', { latest_version: '2.3.0', runtime: 'python' }),
    host.entry('twins', { latest_version: '1.0.0', runtime: 'python' }),
  ]);
  host.serveZip('classless', zipOf('classless', fixtureFiles()));
  const twins = JSON.stringify({ id: 'twins', name: 'Twins', display_modes: ['twins'] });
  host.serveZip('twins', zipOf('twins', { 'manifest.json': twins, 'manager.py': TWO_CLASSES }));
  root = hostReachableDir('marquee-ledmatrix-classless-');
  server = await startServer({
    MARQUEE_DISPLAY_BACKEND: 'emulator',
    MARQUEE_PANEL_COLS: '64',
    MARQUEE_PANEL_ROWS: '32',
    MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
    MARQUEE_CONFIG_DIR: path.join(root, 'config'),
    MARQUEE_DATA_DIR: path.join(root, 'data'),
    MARQUEE_REGISTRY_SOURCES: host.registryUrl,
    MARQUEE_GITHUB_ENRICH: 'false',
  });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await host?.close();
});

const json = async (url: string, init?: RequestInit) => (await fetch(url, init)).json() as Promise<any>;

async function poll<T>(fn: () => Promise<T | null>, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs an install through the API and waits for its operation to finish. */
async function install(id: string) {
  const body = JSON.stringify({ plugin_id: id, enable: true });
  const started = await json(`${server.url}/api/v3/plugins/install`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  const opId = started.data.operation_id as string;
  return poll(
    async () => {
      const op = (await json(`${server.url}/api/v3/plugins/operation/${opId}`)).data;
      return op.status === 'completed' || op.status === 'failed' ? op : null;
    },
    120_000,
    `the install of ${id}`,
  );
}

const pixel = (img: { data: Uint8Array; width: number }, x: number, y: number) => [
  ...img.data.subarray((y * img.width + x) * 4, (y * img.width + x) * 4 + 3),
];

describe('a LEDMatrix plugin naming no class_name and no version', { timeout: 240_000 }, () => {
  it("installs at the store's version and is drawn with the class its manager.py derives from BasePlugin", async () => {
    const op = await install('classless');
    expect(op.error, JSON.stringify(op.error)).toBeNull();
    expect(op.result).toMatchObject({ plugin_id: 'classless', version: '2.3.0', enabled: true });
    const installed = (await json(`${server.url}/api/v3/plugins/installed`)).data;
    const row = (installed.plugins ?? installed).find((p: { id: string }) => p.id === 'classless');
    expect(row).toMatchObject({ version: '2.3.0', update_available: false });
    // The store's version is kept in the folder; the class is found again wherever it is read.
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'plugin-repos', 'classless', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ version: '2.3.0' });
    expect(manifest.class_name).toBeUndefined();

    const png = await poll(
      async () => {
        const status = (await json(`${server.url}/api/v3/display/current-status`)).data;
        if (status.plugin_id !== 'classless') return null;
        const img = decodePng(
          new Uint8Array(await (await fetch(`${server.url}/api/v3/display/current`)).arrayBuffer()),
        );
        return pixel(img, 10, 10).some((v) => v !== 0) ? img : null;
      },
      60_000,
      'classless drawing on the panel',
    );
    expect(pixel(png, 10, 10)).toEqual([0, 160, 255]);
    expect(pixel(png, 0, 0)).toEqual([0, 0, 0]);
    // The host's figures reach health with the display's next heartbeat.
    const hostOf = async () => (await json(`${server.url}/api/v3/plugins/health/classless`)).data.host ?? null;
    expect(await poll(hostOf, 15_000, 'the host in health')).toMatchObject({ runtime: 'python' });
  });

  it('is refused when its manager.py has two classes deriving from BasePlugin, naming both, and nothing stays', async () => {
    const op = await install('twins');
    expect(op.status).toBe('failed');
    expect(op.error).toMatchObject({
      code: 'PLUGIN_MANIFEST_INVALID',
      message:
        "manager.py has several classes deriving from BasePlugin: Day, Night; name the plugin's class in manifest.json's class_name",
    });
    expect(fs.existsSync(path.join(root, 'plugin-repos', 'twins'))).toBe(false);
  });
});
