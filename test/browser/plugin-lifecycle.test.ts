import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The whole life of a plugin through the UI, in Chromium against the real server: its registry and
// archive come from a loopback host, its state from the real SQLite database and config files.

/** Server state changes after the page's request: waited for, generously on a busy machine. */
const POLL = { timeout: 10_000 };

/** The plugin's settings: a plain field and a secret (stored apart, never sent back unmasked). */
const SETTINGS = {
  type: 'object',
  properties: {
    city: { type: 'string', title: 'City', default: 'Oslo' },
    api_key: { type: 'string', title: 'API key', 'x-secret': true },
  },
};

let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry([
    host.entry('clock', { verified: true, category: 'time', tags: ['time'], description: 'Shows the time' }),
    host.entry('weather', { category: 'weather', tags: ['forecast'] }),
  ]);
  host.serveArchive({ id: 'clock', version: '1.0.0', files: { 'config_schema.json': JSON.stringify(SETTINGS) } });
  server = await startTestServer({ 'registry.sources': [host.registryUrl], 'github.enrich': false });
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

const api = async (path: string) => (await (await fetch(`${server.url}${path}`)).json()).data;
const installed = async () => (await api('/api/v3/plugins/installed')).plugins as Array<Record<string, unknown>>;

describe('a plugin from the Store to uninstalled', () => {
  it('installs with live progress, appears switched on in Plugins, keeps its settings with the secret masked, disables, and uninstalls after confirmation', async () => {
    await page.goto(`${server.url}/#/store`);
    const card = page.locator('mq-store-item').filter({ has: page.locator('[data-plugin="clock"]') });
    await card.locator('.verified').waitFor();
    expect(await card.locator('[data-state]').getAttribute('data-state')).toBe('available');

    // The archive stops part-way until released, so the page must show the download under way.
    const hold = host.holdArchive('clock');
    const clicked = Date.now();
    await card.getByRole('button', { name: 'Install Plugin clock' }).click();
    const progress = card.locator('mq-op-progress');
    await progress.locator('[data-status="running"][data-stage="downloading"]').waitFor();
    const firstProgressMs = Date.now() - clicked;
    await hold.reached;
    const pct = await progress.locator('progress').evaluate((p: HTMLProgressElement) => p.value);
    expect(pct).toBeGreaterThan(0);
    expect(pct).toBeLessThan(50);
    expect(await progress.locator('.stage').innerText()).toBe('Downloading…');
    expect(await progress.locator('progress').getAttribute('aria-label')).toMatch(/^Install Plugin clock: \d+ %$/);
    hold.release();

    // Installed and switched on in one operation: the card says it is on the panel next.
    await card.locator('.outcome .next', { hasText: 'On your panel next' }).waitFor();
    await card.locator('[data-state="installed"]').waitFor();
    expect(await card.locator('.installed').innerText()).toBe('Installed v1.0.0');
    // Reported, not asserted: the figure depends on the machine (issue 10 asks for ≤ 200 ms).
    console.info(`store install: first progress shown ${firstProgressMs} ms after the click`);

    await page.locator('mq-nav a', { hasText: 'Plugins' }).click();
    const item = page.locator('mq-plugin-item').filter({ has: page.locator('[data-plugin="clock"]') });
    const toggle = item.getByRole('switch', { name: 'Enable Plugin clock' });
    await toggle.waitFor();
    expect(await toggle.isChecked()).toBe(true);
    expect(await item.locator('.state').innerText()).toBe('On');
    expect((await installed()).find((p) => p.id === 'clock')?.enabled).toBe(true);

    // Its settings, a secret among them: saved, then shown masked (the secret only as "unchanged").
    await item.getByRole('link', { name: 'Settings' }).click();
    const city = page.locator('mq-schema-form [data-path="city"] input');
    await city.fill('Bergen');
    await page.locator('mq-schema-form [data-path="api_key"] input').fill('k-123-secret');
    await page.locator('mq-schema-form button[type="submit"]').click();
    await page.locator('mq-page-plugin-settings .saved', { hasText: /saved/i }).waitFor();
    expect(await api('/api/v3/plugins/config?plugin_id=clock')).toMatchObject({ city: 'Bergen', api_key: '••••••••' });
    const secrets = fs.readFileSync(path.join(server.web.deps.settings.configDir, 'config_secrets.json'), 'utf8');
    expect(JSON.parse(secrets).clock.api_key).toBe('k-123-secret');
    await page.reload();
    await city.waitFor();
    expect(await city.inputValue()).toBe('Bergen');
    expect(await page.locator('mq-schema-form [data-path="api_key"] input').inputValue()).toBe('');
    expect(
      await page.locator('mq-schema-form [data-path="api_key"] [data-secret-state]').getAttribute('data-secret-state'),
    ).toBe('unchanged');
    await page.getByRole('link', { name: 'All plugins' }).click();

    await toggle.click();
    await expect.poll(async () => (await installed()).find((p) => p.id === 'clock')?.enabled, POLL).toBe(false);
    expect(await toggle.isChecked()).toBe(false);

    // Cancelling the confirmation keeps the plugin; confirming removes it.
    await item.getByRole('button', { name: 'Uninstall' }).click();
    const dialog = item.locator('dialog');
    await dialog.getByRole('heading', { name: 'Uninstall Plugin clock?' }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await dialog.isVisible()).toBe(false);
    expect((await installed()).map((p) => p.id)).toEqual(['clock']);

    await item.getByRole('button', { name: 'Uninstall' }).click();
    await dialog.getByRole('button', { name: 'Uninstall' }).click();
    await page.locator('mq-page-plugins .empty').waitFor();
    expect(await installed()).toEqual([]);

    await page.locator('mq-nav a', { hasText: 'Store' }).click();
    await card.locator('[data-state="available"]').waitFor();
    expect(errors).toEqual([]);
  });
});
