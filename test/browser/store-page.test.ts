import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERRORS } from '../../core/platform/errors/catalogue.ts';
import { sourceKey } from '../../core/registry/sources.ts';
import { apiGet, installedPlugins } from './support/api.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The Store page in Chromium against the real server, its registry and archives on a loopback host:
// filters, install progress and cancel, failures with their fixes, sources, install from a URL,
// an update the registry announces, and a registry outage.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry(listed());
  for (const id of ['clock', 'weather', 'stocks']) host.serveArchive({ id, version: '1.0.0' });
  server = await startTestServer({ 'registry.sources': [host.registryUrl], 'github.enrich': false });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectPageErrors(page);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

beforeEach(async () => {
  await page.goto(`${server.url}/#/overview`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

/** The registry's plugins, and any more a test lists. */
const listed = (...more: Array<Record<string, unknown>>) => [
  host.entry('clock', { verified: true, category: 'time', tags: ['time', 'display'], description: 'Big digits' }),
  host.entry('weather', { category: 'weather', tags: ['forecast', 'display'], author: 'Met Office fan' }),
  host.entry('stocks', { category: 'finance', tags: ['markets'] }),
  host.entry('broken', { category: 'demo', tags: ['demo'] }),
  ...more,
];

const card = (id: string): Locator =>
  page.locator('mq-store-item').filter({ has: page.locator(`[data-plugin="${id}"]`) });
const shown = () => page.locator('mq-store-item article').evaluateAll((as) => as.map((a) => a.dataset.plugin).sort());

async function openStore() {
  await page.goto(`${server.url}/#/store`);
  await card('clock').locator('article').waitFor();
}

describe('browsing', () => {
  it('filters by search, category, tag (also from a card) and verified, and says how fresh the list is', async () => {
    await openStore();
    const view = page.locator('mq-page-store');
    expect(await view.locator('.freshness').innerText()).toBe('Registry data confirmed less than a minute ago.');
    expect(await view.locator('.stale-notice').count()).toBe(0);
    expect(await card('clock').locator('.verified').innerText()).toBe('Verified');
    expect(await card('weather').locator('.verified').count()).toBe(0);

    await view.getByLabel('Search plugins').fill('met office');
    expect(await shown()).toEqual(['weather']);
    await view.getByRole('button', { name: 'Clear filters' }).first().click();
    expect(await shown()).toEqual(['broken', 'clock', 'stocks', 'weather']);

    await view.locator('select[name="category"]').selectOption('finance');
    expect(await shown()).toEqual(['stocks']);
    await view.locator('select[name="category"]').selectOption('');
    await view.locator('select[name="tag"]').selectOption('display');
    expect(await shown()).toEqual(['clock', 'weather']);
    await view.getByLabel('Verified only').check();
    expect(await shown()).toEqual(['clock']);
    expect(await view.locator('.count').innerText()).toBe('Showing 1 of 4 plugins');

    await view.getByRole('button', { name: 'Clear filters' }).click();
    await card('stocks').getByRole('button', { name: 'Show plugins tagged markets' }).click();
    expect(await shown()).toEqual(['stocks']);
    expect(await view.locator('select[name="tag"]').inputValue()).toBe('markets');
  });
});

describe('installing', () => {
  it('cancels an install while it downloads: the card says so and nothing is installed', async () => {
    await openStore();
    const hold = host.holdArchive('stocks');
    await card('stocks').getByRole('button', { name: 'Install Plugin stocks' }).click();
    const progress = card('stocks').locator('mq-op-progress');
    await progress.locator('[data-stage="downloading"]').waitFor();
    await hold.reached;
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await progress.locator('[data-status="cancelled"]').waitFor();
    expect(await progress.locator('.ended').innerText()).toBe('Cancelled');
    hold.release();
    expect((await installedPlugins(server.url)).map((p) => p.id)).not.toContain('stocks');
    expect(await card('stocks').getByRole('button', { name: 'Install Plugin stocks' }).isEnabled()).toBe(true);
  });

  it('shows a failed install with the server’s message, code and suggested fixes', async () => {
    await openStore();
    await card('broken').getByRole('button', { name: 'Install Plugin broken' }).click();
    const panel = card('broken').locator('mq-op-progress mq-error');
    await panel.waitFor();
    const code = (await panel.locator('.code').innerText()).trim();
    expect(code).toBe('PLUGIN_INSTALL_FAILED');
    expect(await panel.locator('.message').innerText()).toBe(
      'No plugin archive found (tried branch main, branch master)',
    );
    expect(await panel.locator('.fixes li').allInnerTexts()).toEqual(ERRORS.PLUGIN_INSTALL_FAILED.fixes);
    expect(await panel.locator('.context').innerText()).toContain('operation_id');
  });

  it('installs from a repository URL with progress; a malformed URL is refused beside the field', async () => {
    await openStore();
    await page.getByRole('button', { name: 'Install from URL' }).click();
    const form = page.locator('mq-install-url');
    await form.getByLabel('Repository or .zip URL').fill('not a url');
    await form.getByRole('button', { name: 'Install from URL' }).click();
    await form.locator('.field-error[data-field="repo_url"]').waitFor();
    expect(await form.getByLabel('Repository or .zip URL').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Repository or .zip URL').fill(`${host.url}/weather`);
    await form.getByRole('button', { name: 'Install from URL' }).click();
    await form.locator('mq-op-progress [data-status="completed"]').waitFor();
    expect(await form.locator('mq-op-progress .ended').innerText()).toBe('Installed');
    await card('weather').locator('[data-state="installed"]').waitFor();
    expect((await installedPlugins(server.url)).find((p) => p.id === 'weather')).toMatchObject({ source: 'url' });
  });
});

describe('registry sources', () => {
  it('adds a source, shows its failure after the first fetch, refuses duplicates and bad URLs, and removes it', async () => {
    await openStore();
    const toggle = page.locator('mq-page-store button[data-panel="sources"]');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const sources = page.locator('mq-store-sources');
    // The built-in source names what it is, never a folder on the server's disk.
    const builtin = sources.locator('li[data-source="builtin"]');
    await builtin.waitFor();
    expect(await builtin.innerText()).not.toMatch(/\//);
    const missing = `${host.url}/missing.json`;
    await sources.getByLabel('Registry URL or GitHub repository').fill(missing);
    await sources.getByLabel('Name (optional)').fill('Missing mirror');
    await sources.getByRole('button', { name: 'Add source' }).click();
    const row = sources.locator(`li[data-source="${missing}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('added here');
    expect((await apiGet(server.url, '/api/v3/plugins/saved-repositories')).repositories).toEqual([
      { url: missing, name: 'Missing mirror', type: 'registry' },
    ]);
    // Adding it reloads the store, whose browse fetches the new source once: it answers 404.
    await row.locator('.last-error').waitFor();
    expect(await row.locator('.last-error').innerText()).toMatch(/404/);
    await page.locator('mq-page-store .stale-notice li', { hasText: 'Missing mirror' }).waitFor();

    await sources.getByLabel('Registry URL or GitHub repository').fill(missing);
    await sources.getByRole('button', { name: 'Add source' }).click();
    await sources.locator('.add-error .code', { hasText: 'REPOSITORY_ALREADY_SAVED · HTTP 409' }).waitFor();

    await sources.getByLabel('Registry URL or GitHub repository').fill('ftp://example.invalid/x.json');
    await sources.getByRole('button', { name: 'Add source' }).click();
    await sources.locator('.field-error').waitFor();

    await row.getByRole('button', { name: 'Remove Missing mirror' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await apiGet(server.url, '/api/v3/plugins/saved-repositories')).repositories).toEqual([]);
    await page.locator('mq-page-store .stale-notice').waitFor({ state: 'detached' });
  });
});

describe('updating', () => {
  it('after a refresh shows an installed plugin’s newer version as an update, and Update installs it with progress', async () => {
    host.setRegistry(listed(host.entry('ticker', { category: 'finance', tags: ['markets'] })));
    host.serveArchive({ id: 'ticker', version: '1.0.0' });
    await openStore();
    const view = page.locator('mq-page-store');
    const refresh = view.getByRole('button', { name: 'Refresh registry' });
    await refresh.click();
    const ticker = card('ticker');
    await ticker.getByRole('button', { name: 'Install Plugin ticker' }).click();
    await ticker.locator('.outcome .next', { hasText: 'On your panel next' }).waitFor();
    await ticker.locator('article[data-state="installed"]').waitFor();
    expect(await ticker.locator('.badge.installed').innerText()).toBe('Installed v1.0.0');
    expect(await ticker.locator('.update').count()).toBe(0);

    // The registry now announces 1.1.0; the card learns of it from a refresh.
    host.setRegistry(listed(host.entry('ticker', { category: 'finance', tags: ['markets'], latest_version: '1.1.0' })));
    host.serveArchive({ id: 'ticker', version: '1.1.0' });
    await refresh.click();
    await ticker.locator('article[data-state="update"]').waitFor();
    expect(await ticker.locator('.badge.update').innerText()).toBe('Update available');
    expect(await ticker.locator('.badge.version').innerText()).toBe('v1.1.0');
    expect(await ticker.locator('.badge.installed').innerText()).toBe('Installed v1.0.0');
    expect((await installedPlugins(server.url)).find((p) => p.id === 'ticker')).toMatchObject({
      version: '1.0.0',
      latest_version: '1.1.0',
      update_available: true,
    });

    const hold = host.holdArchive('ticker');
    const update = ticker.getByRole('button', { name: 'Update to 1.1.0' });
    await update.click();
    await ticker.locator('mq-op-progress[label="Update Plugin ticker"] [data-status="running"]').waitFor();
    await hold.reached;
    expect(await update.isDisabled()).toBe(true);
    hold.release();
    await ticker.locator('mq-op-progress[label="Update Plugin ticker"] [data-status="completed"]').waitFor();
    expect(await ticker.locator('mq-op-progress .ended').innerText()).toBe('Updated');
    await ticker.locator('article[data-state="installed"]').waitFor();
    expect(await ticker.locator('.badge.installed').innerText()).toBe('Installed v1.1.0');
    expect(await ticker.locator('.badge.update').count()).toBe(0);
    expect(await ticker.locator('button.update').count()).toBe(0);
    expect((await installedPlugins(server.url)).find((p) => p.id === 'ticker')).toMatchObject({
      version: '1.1.0',
      update_available: false,
    });
    const manifest = path.join(server.web.deps.settings.pluginsDir, 'ticker', 'manifest.json');
    expect(JSON.parse(fs.readFileSync(manifest, 'utf8')).version).toBe('1.1.0');
  });
});

describe('a registry outage', () => {
  it('shows the list as stale with the source’s error, and an install says the registry is unavailable with its fixes', async () => {
    host.failRegistry(503);
    // The cached copy has expired (time moved on): browses still answer from it and revalidate.
    const { deps } = server.web;
    deps.db.sqlite.prepare('UPDATE store_cache SET expires_at = 1 WHERE key = ?').run(sourceKey(host.registryUrl));
    deps.registry.load();
    await openStore();
    const view = page.locator('mq-page-store');
    await view.locator('.freshness[data-stale="true"]').waitFor();
    expect(await view.locator('.stale-notice').innerText()).toContain('This list may be out of date');
    await view.locator('.stale-notice li', { hasText: 'plugins.json' }).waitFor();
    expect(await view.locator('.stale-notice li').innerText()).toMatch(/503/);

    await card('clock').getByRole('button', { name: 'Install Plugin clock' }).click();
    const panel = card('clock').locator('.item-error mq-error');
    await panel.waitFor();
    expect(await panel.locator('.code').innerText()).toBe('REGISTRY_UNAVAILABLE · HTTP 503');
    expect(await panel.locator('.fixes li').allInnerTexts()).toEqual(ERRORS.REGISTRY_UNAVAILABLE.fixes);
    expect(await card('clock').locator('.error-intro').innerText()).toBe('Could not install Plugin clock:');

    await page.setViewportSize({ width: 360, height: 740 });
    try {
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'store-outage-360.png'), fullPage: true });
      expect(width).toBeLessThanOrEqual(360);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
      host.failRegistry(null);
    }
    expect(errors.filter((e) => !/status of (400|409|503)/.test(e))).toEqual([]);
  });
});
