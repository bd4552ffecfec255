import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { prepare } from '../display-support.ts';
import { percentile, sleep, startServer, type Row, type Scenario } from '../harness.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/browser/support/browser.ts';
import { storeInstallRows } from '../ui-store.ts';
import { pluginRowsRows } from '../ui-rows.ts';

const UI_DIR = path.join(PROJECT_ROOT, 'dist', 'ui');
const RUNS = 7;

/** What a first visit downloads: the page, its script and its style sheet (source maps are only fetched by dev tools). */
export function bundleSizes() {
  const html = fs.readFileSync(path.join(UI_DIR, 'index.html'), 'utf8');
  const files = ['index.html', ...[...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => m[1]!)];
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const body = fs.readFileSync(path.join(UI_DIR, f));
    raw += body.length;
    gzip += zlib.gzipSync(body, { level: 9 }).length;
  }
  return { raw, gzip, files: files.length };
}

/** Milliseconds from navigation start to the shell's first render, and to both Overview views settling. */
async function loadOnce(page: Page, url: string) {
  await page.goto(url, { waitUntil: 'commit' });
  const shell = await page.waitForFunction(
    () => performance.getEntriesByName('mq-shell-ready')[0]?.startTime ?? false,
    undefined,
    { polling: 'raf' },
  );
  const settled = await page.waitForFunction(
    () => {
      const view = document.querySelector('mq-app')?.shadowRoot?.querySelector('mq-page-overview')?.shadowRoot;
      const states = [...(view?.querySelectorAll('.resource') ?? [])].map((r) => r.getAttribute('data-state'));
      return states.length === 2 && !states.includes('loading') ? performance.now() : false;
    },
    undefined,
    { polling: 'raf' },
  );
  return { shell: (await shell.jsonValue()) as number, settled: (await settled.jsonValue()) as number };
}

const median = (xs: number[]) => Math.round(percentile(xs, 50));
const PREVIEW_SECONDS = 5;

/** Frames the Overview's large preview draws per second while a scrolling plugin is on screen (real display, emulator). */
async function previewFps(context: BrowserContext): Promise<number> {
  const env = prepare({ scroll: { color: [200, 0, 0], scroll: 'MARQUEE PREVIEW BENCH', fps: 30 } });
  const server = await startServer({ ...env, MARQUEE_DISPLAY_BACKEND: 'emulator' });
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/#/overview`);
    const preview = page.locator('mq-page-overview mq-preview.large');
    const current = page.locator('mq-page-overview [data-section="current"]');
    await page
      .locator('mq-page-overview [data-testid="on-screen"]')
      .waitFor({ timeout: 30_000 })
      .catch(async (e: Error) => {
        throw new Error(`the plugin never showed on the Overview (it says: ${await current.innerText()})`, {
          cause: e,
        });
      });
    const drawn = () => preview.evaluate((p) => (p as unknown as { framesDrawn: number }).framesDrawn);
    const before = await drawn();
    const t0 = performance.now();
    await sleep(PREVIEW_SECONDS * 1000);
    const fps = ((await drawn()) - before) / ((performance.now() - t0) / 1000);
    await page.close();
    return Math.round(fps * 10) / 10;
  } finally {
    await server.stop();
  }
}

/** The UI bundle's size and the first load of the Overview in Chromium against the real server on loopback. */
export const scenario: Scenario = {
  name: 'ui',
  async run() {
    const rows: Row[] = [];
    const size = bundleSizes();
    rows.push({
      scenario: 'ui',
      metric: `bundle gzipped (${size.files} files)`,
      value: Math.round(size.gzip / 102.4) / 10,
      unit: 'KB',
      target: '<= 150',
    });
    rows.push({ scenario: 'ui', metric: 'bundle raw', value: Math.round(size.raw / 102.4) / 10, unit: 'KB' });

    const server = await startServer({ MARQUEE_DISPLAY_BACKEND: 'emulator' });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'marquee-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
    });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const url = `${server.url}/#/overview`;
      await loadOnce(page, url); // warms the server's file cache and the browser's compiled-code cache
      const cold = { shell: [] as number[], settled: [] as number[] };
      const warm = { shell: [] as number[], settled: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        await cdp.send('Network.clearBrowserCache');
        await page.goto('about:blank');
        const c = await loadOnce(page, url);
        cold.shell.push(c.shell);
        cold.settled.push(c.settled);
        await page.goto('about:blank');
        const w = await loadOnce(page, url);
        warm.shell.push(w.shell);
        warm.settled.push(w.settled);
      }
      rows.push({
        scenario: 'ui',
        metric: `first load → shell interactive, empty cache (median of ${RUNS})`,
        value: median(cold.shell),
        unit: 'ms',
        target: '<= 500',
      });
      rows.push({
        scenario: 'ui',
        metric: 'first load → Overview views settled, empty cache',
        value: median(cold.settled),
        unit: 'ms',
        target: '<= 500',
      });
      rows.push({
        scenario: 'ui',
        metric: 'reload → shell interactive, cached assets',
        value: median(warm.shell),
        unit: 'ms',
      });
      rows.push({
        scenario: 'ui',
        metric: 'reload → Overview views settled, cached assets',
        value: median(warm.settled),
        unit: 'ms',
      });
      rows.push(...(await storeInstallRows(context)));
      rows.push({
        scenario: 'ui',
        metric: `preview frames drawn in the page (scrolling plugin, ${PREVIEW_SECONDS} s)`,
        value: await previewFps(context),
        unit: 'fps',
        target: '>= 10',
      });
      rows.push(...(await pluginRowsRows(context)));
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      await server.stop();
    }
    return rows;
  },
};
