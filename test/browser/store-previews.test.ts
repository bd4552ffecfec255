import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHarness } from '../../core/harness/run.ts';
import { readRgbPng } from '../../core/harness/golden.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { hostPlatform, hostReachableDir } from '../support/display.ts';
import { writePluginFolder, type PluginSpec } from '../support/zip.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { showServerLogOnFailure, startRealServer, type RealServer } from './support/real-server.ts';

// Store previews against the real server: the registry and archives on a loopback host, each
// preview drawn by the server in a confined plugin host at the panel's size (32×16 here), compared
// pixel by pixel with the golden the render harness draws of the same plugin. The Plugins row of
// the plugin on the panel shows the display's live frame.

const SIZE = { width: 32, height: 16 };

/** Keeps its schema's default in its code too, as docs/PLUGINS.md asks, so the harness draws it alike. */
const GLOW: PluginSpec = {
  id: 'glow',
  code: `export default class Glow {
  constructor(ctx) { this.color = ctx.config.color ?? [30, 200, 120]; }
  render(frame) {
    frame.clear([0, 0, 30]);
    frame.fillRect(3, 3, frame.width - 6, frame.height - 6, this.color);
    frame.line(0, frame.height - 1, frame.width - 1, 0, [255, 255, 0]);
    return true;
  }
}\n`,
  files: {
    'config_schema.json': JSON.stringify({
      type: 'object',
      properties: { enabled: { type: 'boolean' }, color: { type: 'array', default: [30, 200, 120] } },
    }),
  },
};

const KEYED: PluginSpec = {
  id: 'keyed',
  code: `export default class K { render(frame) { frame.clear([255, 0, 0]); return true; } }\n`,
  files: {
    'config_schema.json': JSON.stringify({
      type: 'object',
      properties: { enabled: { type: 'boolean' }, api_key: { type: 'string', 'x-secret': true } },
      required: ['api_key'],
    }),
  },
};

let host: PluginHost;
let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];
let golden: Uint8Array;

showServerLogOnFailure(() => server);

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry([host.entry('glow'), host.entry('keyed')]);
  host.serveArchive(GLOW);
  host.serveArchive(KEYED);
  const dir = writePluginFolder(hostReachableDir('marquee-golden-'), GLOW);
  const report = await runHarness({ pluginDir: dir, sizes: ['32x16'], update: true, hosts: await hostPlatform() });
  golden = readRgbPng(report.results[0]!.golden, SIZE)!;
  server = await startRealServer({
    plugins: { red: { display_modes: ['red'] } },
    config: { red: { enabled: true, color: [200, 0, 0] } },
    env: { MARQUEE_REGISTRY_SOURCES: host.registryUrl, MARQUEE_GITHUB_ENRICH: 'false' },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(30_000);
  errors = collectPageErrors(page);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await host?.close();
});

const card = (id: string) => page.locator('mq-store-item').filter({ has: page.locator(`[data-plugin="${id}"]`) });

/** RGB of the card's preview canvas as the page drew it. */
const canvasPixels = (id: string) =>
  card(id)
    .locator('mq-store-preview canvas')
    .evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return Array.from(d).filter((_, i) => i % 4 !== 3);
    });

describe('store previews', () => {
  it("shows the plugin drawn at the panel's size before it is installed, exactly as the harness draws it", async () => {
    await page.goto(`${server.url}/#/store`);
    const preview = card('glow').locator('mq-store-preview');
    // Asked for once the card nears the screen.
    await card('glow').scrollIntoViewIfNeeded();
    await preview.locator('canvas').waitFor();
    expect(await preview.locator('canvas').getAttribute('aria-label')).toBe('Preview of Plugin glow at 32×16');
    expect(await canvasPixels('glow')).toEqual(Array.from(golden));
    const res = await fetch(`${server.url}/api/v3/plugins/store/plugin/glow/preview.png`);
    expect(res.status).toBe(200);
    const png = decodePng(Buffer.from(await res.arrayBuffer()));
    const rgb = Array.from(png.data).filter((_, i) => png.channels === 3 || i % png.channels !== 3);
    expect([png.width, png.height]).toEqual([32, 16]);
    expect(rgb).toEqual(Array.from(golden));
    // Drawn from a temporary copy: nothing was installed.
    const installed = (await (await fetch(`${server.url}/api/v3/plugins/installed`)).json()).data;
    expect(JSON.stringify(installed)).not.toContain('"glow"');
  });

  it("animates a moving plugin's preview while it is on screen (the clock's blinking colon)", async () => {
    await page.goto(`${server.url}/#/store`);
    const canvas = card('clock').locator('mq-store-preview canvas');
    await card('clock').scrollIntoViewIfNeeded();
    await canvas.waitFor();
    expect(await canvas.getAttribute('data-frames')).toBe('10');
    const lit = (c: HTMLCanvasElement) =>
      Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data).filter((v, i) => i % 4 !== 3 && v > 0)
        .length;
    const first = await canvas.evaluate(lit);
    await expect.poll(() => canvas.evaluate(lit), { timeout: 10_000 }).not.toBe(first);
  });

  it('says in words why a plugin has no preview', async () => {
    await card('keyed').scrollIntoViewIfNeeded();
    const why = card('keyed').locator('mq-store-preview .why');
    await expect.poll(() => why.innerText(), { timeout: 30_000 }).toMatch(/needs an account/);
    expect(await card('keyed').locator('mq-store-preview canvas').count()).toBe(0);
  });

  it('shows the live frame on the Plugins row of the plugin on the panel', async () => {
    await page.goto(`${server.url}/#/plugins`);
    const row = page.locator('mq-plugin-item[live]');
    await row.locator('mq-preview canvas').waitFor();
    expect(await row.locator('[data-plugin]').getAttribute('data-plugin')).toBe('red');
    const live = row.locator('mq-preview');
    await expect
      .poll(() => live.evaluate((p) => (p as unknown as { framesDrawn: number }).framesDrawn))
      .toBeGreaterThan(0);
    const centre = await live
      .locator('canvas')
      .evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(c.width >> 1, 1, 1, 1).data));
    expect(centre.slice(0, 3)).toEqual([200, 0, 0]);
    expect(errors).toEqual([]);
  });

  it('shows an installed plugin that is switched off as its store preview on its Plugins row, with the word "preview"', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const install = await post('/api/v3/plugins/install', { plugin_id: 'glow' });
    expect(install.status).toBe(202);
    const op = (await install.json()).data.operation_id;
    const status = async () =>
      (await (await fetch(`${server.url}/api/v3/plugins/operation/${op}`)).json()).data.status as string;
    await expect.poll(status, { timeout: 30_000 }).toBe('completed');
    expect((await post('/api/v3/plugins/toggle', { plugin_id: 'glow', enabled: false })).status).toBe(200);

    await page.goto(`${server.url}/#/plugins`);
    const row = page.locator('mq-plugin-item').filter({ has: page.locator('[data-plugin="glow"]') });
    const preview = row.locator('.art mq-store-preview');
    await preview.locator('canvas').waitFor();
    expect(await preview.locator('.caption').innerText()).toBe('preview');
    const pixels = await preview.locator('canvas').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return Array.from(d).filter((_, i) => i % 4 !== 3);
    });
    expect(pixels).toEqual(Array.from(golden));
    expect(errors).toEqual([]);
  });
});
