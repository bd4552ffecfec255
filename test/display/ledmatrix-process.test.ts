import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { startServer, type RunningServer } from '../../bench/harness.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { compareWithGolden, DISPLAY_GOLDEN_DIR } from '../hosts/python/golden.ts';
import { LEDMATRIX_FIXTURES } from '../support/ledmatrix.ts';
import { hostReachableDir, writeConfig } from '../support/display.ts';

let server: RunningServer | null = null;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
});

afterEach(async () => {
  await server?.stop();
  server = null;
});

const json = async (url: string) => (await fetch(url)).json() as Promise<{ data: Record<string, any> }>;

async function poll<T>(fn: () => Promise<T | null>, ms: number, what: string): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== null) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the bundled web and display processes with a LEDMatrix plugin', () => {
  it('find the plugin folder, show its frame pixel for pixel, and report its Python host in health', async () => {
    const root = hostReachableDir('marquee-ledmatrix-proc-');
    fs.cpSync(path.join(LEDMATRIX_FIXTURES, 'hello-text'), path.join(root, 'plugin-repos', 'hello-text'), {
      recursive: true,
    });
    writeConfig(path.join(root, 'config'), { 'hello-text': { enabled: true, message: 'Hello' } });
    server = await startServer({
      MARQUEE_DISPLAY_BACKEND: 'emulator',
      MARQUEE_PANEL_COLS: '64',
      MARQUEE_PANEL_ROWS: '32',
      MARQUEE_PLUGINS_DIR: path.join(root, 'plugin-repos'),
      MARQUEE_CONFIG_DIR: path.join(root, 'config'),
      MARQUEE_DATA_DIR: path.join(root, 'data'),
    });
    const url = server.url;
    await poll(
      async () => ((await json(`${url}/api/v3/display/current-status`)).data.plugin_id === 'hello-text' ? true : null),
      30_000,
      'hello-text on screen',
    );
    const png = await poll(
      async () => {
        const img = decodePng(new Uint8Array(await (await fetch(`${url}/api/v3/display/current`)).arrayBuffer()));
        return img.data.some((v, i) => i % 4 !== 3 && v !== 0) ? img : null;
      },
      10_000,
      'a lit frame',
    );
    const rgb = Buffer.alloc(64 * 32 * 3);
    for (let i = 0, o = 0; o < rgb.length; i += 4, o += 3) rgb.set(png.data.subarray(i, i + 3), o);
    expect(compareWithGolden('hello-text-64x32', rgb, 64, 32, DISPLAY_GOLDEN_DIR)).toEqual([]);
    // The hosts' figures reach health with the display's next heartbeat.
    const host = await poll(
      async () => (await json(`${url}/api/v3/plugins/health/hello-text`)).data.host ?? null,
      15_000,
      'the host in health',
    );
    expect(host).toMatchObject({ runtime: 'python', shared: false, pid: expect.any(Number) });
  });
});
