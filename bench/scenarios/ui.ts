import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { percentile, startServer, type Row, type Scenario } from '../harness.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/browser/support/browser.ts';
import { storeInstallRows } from '../ui-store.ts';

const UI_DIR = path.join(PROJECT_ROOT, 'dist', 'ui');
const RUNS = 7;

/** What a first visit downloads: the page, its script and its style sheet (source maps are only fetched by dev tools). */
function bundleSizes() {
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
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
      await server.stop();
    }
    return rows;
  },
};
