import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHealth } from '../../core/display/health-store.ts';
import { closedBreaker } from '../../core/display/breaker.ts';
import { checkA11y, type A11yReport } from './support/a11y.ts';
import { apiPost, installVia } from './support/api.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Every page in both themes, checked in Chromium as Lighthouse's contrast and names audits do:
// text contrast against what is really behind it, and a name for every control. Then each page
// at phone width, without sideways scrolling. The results are kept in .screenshots/a11y.json.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
const SCHEMA = {
  type: 'object',
  properties: {
    city: { type: 'string', title: 'City', default: 'Oslo' },
    leagues: {
      type: 'object',
      title: 'Leagues',
      properties: {
        nfl: { type: 'object', title: 'NFL', properties: { enabled: { type: 'boolean', default: true } } },
      },
    },
  },
};

/** Each page, and what to open on it so its folded parts are checked too. */
const PAGES: Array<{ hash: string; ready: string; open?: string }> = [
  { hash: '#/overview', ready: 'mq-page-overview mq-on-demand select' },
  { hash: '#/plugins', ready: 'mq-plugin-item article' },
  { hash: '#/store', ready: 'mq-store-item article', open: 'mq-page-store button[data-panel="sources"]' },
  { hash: '#/plugins/scores', ready: 'mq-page-plugin-settings mq-schema-form form' },
  { hash: '#/settings/display', ready: 'mq-page-settings mq-brightness' },
  { hash: '#/settings/schedule', ready: 'mq-page-settings mq-schema-form form' },
  { hash: '#/settings/appearance', ready: 'mq-appearance fieldset' },
  { hash: '#/settings/backups', ready: 'mq-config-backups li[data-backup]' },
  { hash: '#/history', ready: 'mq-page-history li[data-operation]' },
  { hash: '#/health', ready: 'mq-page-health [data-testid="verdict"]', open: 'mq-page-health details.tech summary' },
];

let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];
const results: Record<
  string,
  Record<string, Pick<A11yReport, 'texts' | 'controls' | 'minRatio'> & { problems: number }>
> = {};

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry([host.entry('clock', { verified: true }), host.entry('scores'), host.entry('weather')]);
  host.serveArchive({ id: 'clock', version: '1.0.0' });
  host.serveArchive({ id: 'scores', version: '1.0.0', files: { 'config_schema.json': JSON.stringify(SCHEMA) } });
  server = await startTestServer({ 'registry.sources': [host.registryUrl], 'github.enrich': false });
  await installVia(server, 'clock');
  await installVia(server, 'scores');
  await apiPost(server.url, '/api/v3/plugins/toggle', { plugin_id: 'clock', enabled: true });
  await apiPost(server.url, '/api/v3/config/main', { display: { hardware: { brightness: 70 } } });
  // A plugin in trouble, so Health shows what to do and a reset button.
  const now = Date.now();
  const open = { ...closedBreaker(), state: 'open' as const, consecutiveFailures: 3, totalFailures: 3, openedAt: now };
  writeHealth(
    server.web.deps.db.sqlite,
    'clock',
    { ...open, lastError: 'render: failed', lastErrorAt: now },
    null,
    now,
  );
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectPageErrors(page);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  fs.writeFileSync(path.join(SCREENSHOTS, 'a11y.json'), JSON.stringify(results, null, 2));
  await browser?.close();
  await server?.stop();
  await host?.close();
});

async function visit(hash: string, ready: string, open?: string) {
  await page.goto('about:blank');
  await page.goto(`${server.url}/${hash}`);
  await page.locator(ready).first().waitFor();
  if (open) await page.locator(open).click();
  // Loading states settled: every resource shows what it loaded.
  await page.waitForFunction(() => {
    const busy = (root: Document | ShadowRoot): boolean =>
      [...root.querySelectorAll('*')].some(
        (el) => el.getAttribute('aria-busy') === 'true' || (el.shadowRoot ? busy(el.shadowRoot) : false),
      );
    return !busy(document);
  });
}

describe('the check itself', () => {
  it('finds text too faint for its background and a control without a name', async () => {
    await visit('#/overview', 'mq-page-overview mq-on-demand select');
    await page.evaluate(() => {
      const faint = document.createElement('p');
      faint.textContent = 'faint words';
      faint.style.color = '#777';
      faint.style.background = '#888';
      const silent = document.createElement('button');
      silent.id = 'silent';
      document.body.append(faint, silent);
    });
    const report = await checkA11y(page);
    expect(report.lowContrast.map((f) => f.text)).toEqual(['faint words']);
    expect(report.lowContrast[0]!.ratio).toBeLessThan(1.5);
    expect(report.unnamed.map((u) => u.html)).toEqual(['<button id="silent"></button>']);
  });
});

describe.each(['dark', 'light'] as const)('the %s theme', (theme) => {
  it.each(PAGES)('$hash: every text has enough contrast and every control a name', async ({ hash, ready, open }) => {
    await page.goto(`${server.url}/#/overview`);
    await page.evaluate((t) => localStorage.setItem('marquee.theme', JSON.stringify(t)), theme);
    await visit(hash, ready, open);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
    const report = await checkA11y(page);
    (results[theme] ??= {})[hash] = {
      texts: report.texts,
      controls: report.controls,
      minRatio: report.minRatio,
      problems: report.lowContrast.length + report.unnamed.length,
    };
    expect(report.texts).toBeGreaterThan(5);
    expect(report.lowContrast).toEqual([]);
    expect(report.unnamed).toEqual([]);
  });
});

describe('phone width (360 px)', () => {
  it.each(PAGES)('$hash fits without sideways scrolling', async ({ hash, ready, open }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await visit(hash, ready, open);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      const name = hash.replace(/[#/]+/g, '-').replace(/^-|-$/g, '');
      await page.screenshot({ path: path.join(SCREENSHOTS, `phone-${name}.png`), fullPage: true });
      expect(width).toBeLessThanOrEqual(360);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('left no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
