import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedBreaker } from '../../core/display/breaker.ts';
import { writeHealth } from '../../core/display/health-store.ts';
import { apiGet, apiPost, installedPlugins } from './support/api.ts';
import { focusedElement, type TestBrowser } from './support/browser.ts';
import type { PluginHost } from './support/plugin-host.ts';
import { IDS, pluginsPage, POLL, startPluginsPageRig, stopPluginsPageRig } from './support/plugins-page.ts';
import type { TestServer } from './support/server.ts';

// The Plugins page in Chromium against the real server: each plugin's switch, update, health and
// display duration, each checked against what the server then holds, and the page at a phone's
// width. The rotation order is plugins-page-order.test.ts.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ host, server, browser, page, errors } = await startPluginsPageRig());
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

beforeEach(async () => {
  await page.unrouteAll();
  await page.goto(`${server.url}/#/overview`);
});

afterAll(async () => {
  await stopPluginsPageRig({ host, server, browser });
});

const { item, enabledOnServer, openPlugins } = pluginsPage(() => ({ page, server }));

describe('enable switches', () => {
  it('move at once, before the server has answered, and stay where the server agreed', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/v3/plugins/toggle', async (route) => {
      await held;
      await route.continue();
    });
    await openPlugins();
    const toggle = item('stocks').getByRole('switch');
    expect(await toggle.isChecked()).toBe(false);
    const answered = page.waitForResponse('**/api/v3/plugins/toggle');
    await toggle.click();
    expect(await toggle.isChecked()).toBe(true);
    expect(await item('stocks').locator('.state').innerText()).toBe('On');
    expect(await enabledOnServer('stocks')).toBe(false);
    release();
    expect((await answered).status()).toBe(200);
    await expect.poll(() => enabledOnServer('stocks'), POLL).toBe(true);
    expect(await toggle.isChecked()).toBe(true);
  });

  it('are keyboard switches: Tab reaches one and Space flips it', async () => {
    await openPlugins();
    await item('weather').getByRole('button', { name: 'Move Plugin weather up' }).focus();
    await page.keyboard.press('Shift+Tab');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input' });
    expect(
      await item('weather')
        .getByRole('switch')
        .evaluate((el) => el.matches(':focus')),
    ).toBe(true);
    await page.keyboard.press('Space');
    await expect.poll(() => enabledOnServer('weather'), POLL).toBe(true);
    // The server has it before the page has read the answer, and the switch ignores a press until then.
    const busy = () => item('weather').locator('.switch').getAttribute('aria-busy');
    await expect.poll(busy, POLL).toBe('false');
    await page.keyboard.press('Space');
    await expect.poll(() => enabledOnServer('weather'), POLL).toBe(false);
  });
});

describe('update while the plugin is busy', () => {
  it('shows the update’s progress; a toggle meanwhile is refused with 409, shown with its fixes, and the switch moves back', async () => {
    host.setRegistry(IDS.map((id) => host.entry(id, id === 'clock' ? { latest_version: '1.1.0' } : {})));
    host.serveArchive({ id: 'clock', version: '1.1.0' });
    await apiPost(server.url, '/api/v3/plugins/store/refresh', {});
    await expect
      .poll(async () => (await installedPlugins(server.url)).find((p) => p.id === 'clock')?.latest_version)
      .toBe('1.1.0');
    await openPlugins();
    const clock = item('clock');
    await clock.locator('.update', { hasText: 'Update: 1.1.0' }).waitFor();

    const hold = host.holdArchive('clock');
    await clock.getByRole('button', { name: 'Update to 1.1.0' }).click();
    await clock.locator('mq-op-progress [data-status="running"][data-stage="downloading"]').waitFor();
    await hold.reached;

    const toggle = clock.getByRole('switch');
    const before = await toggle.isChecked();
    await toggle.click();
    const failure = clock.locator('.item-error');
    await failure.waitFor();
    expect(await toggle.isChecked()).toBe(before);
    expect(await failure.locator('.error-intro').innerText()).toBe(
      `Could not ${before ? 'disable' : 'enable'} Plugin clock:`,
    );
    const panel = failure.locator('mq-error');
    expect(await panel.locator('.code').innerText()).toBe('PLUGIN_OPERATION_CONFLICT · HTTP 409');
    expect(await panel.locator('.message').innerText()).toMatch(/^clock already has a running update operation/);
    expect(await panel.locator('.fixes li').allInnerTexts()).toEqual([
      'Wait for the current operation to finish',
      'Cancel the blocking operation',
    ]);
    expect(await enabledOnServer('clock')).toBe(before);

    hold.release();
    await clock.locator('mq-op-progress [data-status="completed"]').waitFor();
    await clock.locator('.version', { hasText: 'v1.1.0' }).waitFor();
    expect(await clock.locator('.update').count()).toBe(0);
  });
});

describe('health', () => {
  it('shows an open breaker with its last error, and Reset breaker closes it', async () => {
    const now = Date.now();
    const open = {
      ...closedBreaker(),
      state: 'open' as const,
      consecutiveFailures: 3,
      totalFailures: 3,
      openedAt: now,
      lastError: 'render: exceeded its 1000 ms deadline',
      lastErrorAt: now,
    };
    writeHealth(server.web.deps.db.sqlite, 'weather', open, null, now);
    await openPlugins();
    const weather = item('weather');
    expect(await weather.locator('.health').innerText()).toBe('Breaker open');
    expect(await weather.locator('.health-detail').innerText()).toBe(
      'Last error: render: exceeded its 1000 ms deadline',
    );
    expect(await item('clock').locator('.health').innerText()).toBe('Healthy');
    await weather.getByRole('button', { name: 'Reset breaker' }).click();
    await weather.locator('.health', { hasText: 'Healthy' }).waitFor();
    expect((await apiGet(server.url, '/api/v3/plugins/health/weather')).circuit_state).toBe('closed');
  });
});

describe('update all', () => {
  it('updates every plugin the registry has a newer version of, each card with its own progress', async () => {
    host.setRegistry(IDS.map((id) => host.entry(id, id === 'clock' ? {} : { latest_version: '1.2.0' })));
    for (const id of ['stocks', 'weather']) host.serveArchive({ id, version: '1.2.0' });
    await apiPost(server.url, '/api/v3/plugins/store/refresh', {});
    await openPlugins();
    const all = page.getByRole('button', { name: /^Update all/ });
    await all.waitFor();
    expect(await all.innerText()).toBe('Update all (2)');
    await all.click();
    await expect
      .poll(async () => (await installedPlugins(server.url)).map((p) => `${p.id}@${p.version}`).sort(), POLL)
      .toEqual(['clock@1.1.0', 'stocks@1.2.0', 'weather@1.2.0']);
    await all.waitFor({ state: 'detached' });
    await item('weather').locator('mq-op-progress .ended', { hasText: 'Updated' }).waitFor();
  });
});

describe('display duration', () => {
  it('saves display_duration in the plugin’s config; a value the server refuses shows its reason beside the field', async () => {
    await openPlugins();
    const input = item('stocks').locator('input[name="display_duration"]');
    await input.fill('30');
    await input.press('Enter');
    await item('stocks').locator('.saved').waitFor();
    expect((await apiGet(server.url, '/api/v3/plugins/config?plugin_id=stocks')).display_duration).toBe(30);

    await input.fill('500');
    await input.press('Enter');
    const problem = item('stocks').locator('.field-error');
    await problem.waitFor();
    expect(await problem.innerText()).toBe('Display duration must be at most 300');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect((await apiGet(server.url, '/api/v3/plugins/config?plugin_id=stocks')).display_duration).toBe(30);

    await page.reload();
    await item('stocks').locator('article').waitFor();
    expect(await item('stocks').locator('input[name="display_duration"]').inputValue()).toBe('30');
  });
});

describe('phone width', () => {
  it('fits 360 px without sideways scrolling, errors and dialog included', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await openPlugins();
      await item('clock').getByRole('button', { name: 'Uninstall' }).click();
      await page.screenshot({ path: path.join(SCREENSHOTS, 'plugins-dialog-360.png') });
      await page.keyboard.press('Escape');
      expect(await installedPlugins(server.url)).toHaveLength(3);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'plugins-360.png'), fullPage: true });
      expect(width).toBeLessThanOrEqual(360);
      expect(errors.filter((e) => !/status of (400|409|500)/.test(e))).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  });
});
