import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEHAVE } from '../support/display.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { startRealServer, type RealServer } from './support/real-server.ts';

// From the Store to the panel: the real server with its display process on the emulator, the
// plugin's registry and archive on a loopback host. What the Overview says is on screen comes from
// the display itself, so this proves an install and a switch in the UI reach the panel.

const POLL = { timeout: 15_000 };

let host: PluginHost;
let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry([host.entry('sunrise', { description: 'Fills the panel' })]);
  host.serveArchive({
    id: 'sunrise',
    manifest: { entry_point: 'plugin.js' },
    files: {
      'plugin.js': fs.readFileSync(BEHAVE),
      'config_schema.json': JSON.stringify({
        type: 'object',
        properties: { color: { type: 'array', items: { type: 'integer' }, default: [250, 120, 0] } },
      }),
    },
  });
  server = await startRealServer({
    config: {},
    env: { MARQUEE_REGISTRY_SOURCES: host.registryUrl, MARQUEE_GITHUB_ENRICH: 'false' },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  errors = collectPageErrors(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await host?.close();
});

describe('a plugin installed from the Store', () => {
  it('is on the panel within its turn once enabled, and leaves it when disabled', async () => {
    await page.goto(`${server.url}/#/store`);
    const card = page.locator('mq-store-item').filter({ has: page.locator('[data-plugin="sunrise"]') });
    await card.getByRole('button', { name: /^Install / }).click();
    await card.locator('[data-state="installed"]').waitFor();

    await page.locator('mq-nav a', { hasText: 'Plugins' }).click();
    const item = page.locator('mq-plugin-item').filter({ has: page.locator('[data-plugin="sunrise"]') });
    await item.getByRole('switch').click();
    await item.locator('[data-enabled="true"]').waitFor();

    await page.locator('mq-nav a', { hasText: 'Overview' }).click();
    const onScreen = page.locator('mq-page-overview [data-testid="on-screen"]');
    await expect.poll(() => onScreen.innerText(), POLL).toBe('sunrise');

    await page.locator('mq-nav a', { hasText: 'Plugins' }).click();
    await item.getByRole('switch').click();
    await item.locator('[data-enabled="false"]').waitFor();
    await page.locator('mq-nav a', { hasText: 'Overview' }).click();
    // With nothing else enabled the display goes idle, and the page says so.
    await page.locator('mq-page-overview [data-screen-state="idle"]').waitFor();
    expect(await onScreen.count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
