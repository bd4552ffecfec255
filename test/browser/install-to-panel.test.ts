import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEHAVE } from '../support/display.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { showServerLogOnFailure, startRealServer, type RealServer } from './support/real-server.ts';

// From the Store to the panel in one click: the real server with its display process on the
// emulator, the plugin's registry and archive on a loopback host. What is on screen comes from the
// display itself, so this proves one Install click reaches the panel.

const POLL = { timeout: 15_000 };
const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');

let host: PluginHost;
let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

showServerLogOnFailure(() => server);

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry([host.entry('sunrise', { description: 'Fills the panel', icon: 'fas fa-sun' })]);
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
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await host?.close();
});

const onPanel = async () =>
  (await (await fetch(`${server.url}/api/v3/display/current-status`)).json()).data.plugin_id as string | null;

describe('a plugin from the Store', () => {
  it('is on the panel after one click on Install; the card says so, keeps its switch, and shows it now', async () => {
    await page.goto(`${server.url}/#/store`);
    const card = page.locator('mq-store-item').filter({ has: page.locator('[data-plugin="sunrise"]') });
    const install = card.getByRole('button', { name: 'Install Plugin sunrise' });
    await install.waitFor();
    let clicks = 0;
    page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/api/v3/plugins/install') && clicks++);
    const t0 = performance.now();
    await install.click();

    // The stages in words while it runs, never byte counts.
    const progress = card.locator('mq-op-progress');
    const stages = new Set<string>();
    while (!(await card.locator('.outcome .next').count())) {
      const text = await progress
        .locator('.stage')
        .innerText({ timeout: 200 })
        .catch(() => '');
      if (text) stages.add(text);
      if (/\d+\s*\/\s*\d+|bytes/.test(text)) throw new Error(`progress shows byte counts: ${text}`);
      await page.waitForTimeout(20);
    }
    expect(await card.locator('.outcome .next').innerText()).toBe('On your panel next');
    await expect.poll(onPanel, POLL).toBe('sunrise');
    const seconds = (performance.now() - t0) / 1000;
    for (const s of stages)
      expect(s).toMatch(/^(Waiting to start|Starting|Getting ready|Downloading|Checking|Installing|Switching it on)…$/);
    expect(clicks).toBe(1);
    fs.writeFileSync(path.join(SCREENSHOTS, 'install-to-panel.json'), JSON.stringify({ clicks, seconds }));

    // The installed card keeps what the user needs where they are.
    await card.locator('article[data-state="installed"]').waitFor();
    expect(await card.getByRole('switch', { name: 'Enable Plugin sunrise' }).isChecked()).toBe(true);
    expect(await card.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('#/plugins/sunrise');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'store-installed.png') });

    await card.getByRole('button', { name: 'Show now' }).click();
    await card.locator('.outcome', { hasText: 'On your panel now, for a minute' }).waitFor();
    const status = (await (await fetch(`${server.url}/api/v3/display/on-demand/status`)).json()).data.state;
    expect(status).toMatchObject({ active: true, plugin_id: 'sunrise' });

    // Switching it off from the card takes it off the panel.
    await fetch(`${server.url}/api/v3/display/on-demand/stop`, { method: 'POST' });
    await card.getByRole('switch').click();
    await expect.poll(onPanel, POLL).toBe(null);
    expect(errors).toEqual([]);
  });
});
