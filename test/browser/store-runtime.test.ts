import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The Store's cards for LEDMatrix (Python) plugins, in Chromium against the real server on a
// machine whose interpreter is missing: the badge, and the reason in place of Install.

let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry([
    host.entry('weather', { plugin_path: 'plugins/ledmatrix-weather', description: 'A LEDMatrix plugin' }),
    host.entry('clock', { description: 'A Marquee plugin' }),
  ]);
  server = await startTestServer({
    'registry.sources': [host.registryUrl],
    'github.enrich': false,
    'python.interpreter': '/nonexistent/python3',
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

const card = (id: string): Locator =>
  page.locator('mq-store-item').filter({ has: page.locator(`[data-plugin="${id}"]`) });

describe('store cards and runtimes', () => {
  it('badges a Python plugin and, on a machine without Python, says why instead of offering Install', async () => {
    await page.goto(`${server.url}/#/store`);
    await card('clock').locator('article').waitFor();
    await expect.poll(() => card('weather').locator('.badge.runtime').textContent()).toBe('Python');
    expect(
      await card('weather')
        .getByRole('button', { name: /^Install/ })
        .count(),
    ).toBe(0);
    const reason = await card('weather').locator('.not-runnable').textContent();
    expect(reason).toMatch(/cannot run Python plugins: .*sudo apt install python3/);
    expect(await card('clock').locator('.badge.runtime').count()).toBe(0);
    expect(await card('clock').getByRole('button', { name: 'Install Plugin clock' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});
