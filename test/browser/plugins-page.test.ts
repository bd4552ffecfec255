import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedBreaker } from '../../core/display/breaker.ts';
import { writeHealth } from '../../core/display/health-store.ts';
import { apiGet, apiPost, installedPlugins, installVia } from './support/api.ts';
import { collectPageErrors, focusedElement, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startPluginHost, type PluginHost } from './support/plugin-host.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The Plugins page in Chromium against the real server: switches, update, health, rotation order
// and durations, each checked against what the server then holds.

/** Server state changes after the page's request: waited for, generously on a busy machine. */
const POLL = { timeout: 10_000 };

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
const IDS = ['clock', 'stocks', 'weather'];
let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startPluginHost();
  host.setRegistry(IDS.map((id) => host.entry(id)));
  for (const id of IDS) host.serveArchive({ id, version: '1.0.0' });
  server = await startTestServer({ 'registry.sources': [host.registryUrl], 'github.enrich': false });
  for (const id of IDS) await installVia(server, id);
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  errors = collectPageErrors(page);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

beforeEach(async () => {
  await page.unrouteAll();
  await page.goto(`${server.url}/#/overview`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await host?.close();
});

const item = (id: string): Locator =>
  page.locator('mq-plugin-item').filter({ has: page.locator(`[data-plugin="${id}"]`) });
const shownOrder = () => page.locator('mq-plugin-item article').evaluateAll((as) => as.map((a) => a.dataset.plugin));
const savedOrder = async () => (await apiGet(server.url, '/api/v3/config/main')).display.plugin_rotation_order;
const enabledOnServer = async (id: string) => (await installedPlugins(server.url)).find((p) => p.id === id)?.enabled;
/** The accessible name of the focused control, looking through shadow roots. */
const focusedName = () =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('aria-label') ?? '';
  });

async function openPlugins() {
  await page.goto(`${server.url}/#/plugins`);
  await item('clock').locator('article').waitFor();
}

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

describe('rotation order', () => {
  it('moves with the arrow buttons (focus stays on the moved plugin) and saves display.plugin_rotation_order', async () => {
    await openPlugins();
    expect(await shownOrder()).toEqual(['clock', 'stocks', 'weather']);
    await item('weather').getByRole('button', { name: 'Move Plugin weather up' }).click();
    expect(await shownOrder()).toEqual(['clock', 'weather', 'stocks']);
    await expect.poll(savedOrder, POLL).toEqual(['clock', 'weather', 'stocks']);
    await page.locator('mq-page-plugins .order-note', { hasText: 'Rotation order saved' }).waitFor();
    await expect.poll(focusedName, POLL).toBe('Move Plugin weather up');
    await page.keyboard.press('Enter');
    await expect.poll(savedOrder, POLL).toEqual(['weather', 'clock', 'stocks']);
    // At the top its up button is disabled, so focus moves to its down button.
    await expect.poll(focusedName, POLL).toBe('Move Plugin weather down');
  });

  it('moves with the keyboard alone: Tab to a card’s handle, arrow keys move it, focus stays on it', async () => {
    await openPlugins();
    const start = await shownOrder();
    const handle = item(start[0]!).getByRole('button', { name: /^Reorder / });
    await handle.focus();
    expect(await focusedName()).toBe(`Reorder Plugin ${start[0]}: position 1 of 3`);
    await page.keyboard.press('ArrowDown');
    await expect.poll(shownOrder, POLL).toEqual([start[1], start[0], start[2]]);
    await expect.poll(focusedName, POLL).toBe(`Reorder Plugin ${start[0]}: position 2 of 3`);
    await page.keyboard.press('End');
    await expect.poll(shownOrder, POLL).toEqual([start[1], start[2], start[0]]);
    await expect.poll(savedOrder, POLL).toEqual([start[1], start[2], start[0]]);
    await page.keyboard.press('Home');
    await expect.poll(savedOrder, POLL).toEqual(start);
    expect(await focusedName()).toBe(`Reorder Plugin ${start[0]}: position 1 of 3`);
  });

  it('moves by dragging a card’s handle, and saves the order', async () => {
    await openPlugins();
    const start = await shownOrder();
    const handle = item(start[0]!).locator('.handle');
    const from = (await handle.boundingBox())!;
    const last = (await item(start[2]!).boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, last.y + last.height - 4, { steps: 8 });
    await page.mouse.up();
    const expected = [start[1], start[2], start[0]];
    expect(await shownOrder()).toEqual(expected);
    await expect.poll(savedOrder, POLL).toEqual(expected);
  });

  it('moves with a finger: a touch drag on the handle reorders', async () => {
    const touch = await launchBrowser({ hasTouch: true, viewport: { width: 400, height: 800 } });
    const phone = await touch.context.newPage();
    try {
      await phone.goto(`${server.url}/#/plugins`);
      const cards = phone.locator('mq-plugin-item article');
      await cards.first().waitFor();
      const start = await cards.evaluateAll((as) => as.map((a) => (a as HTMLElement).dataset.plugin));
      const box = (await phone.locator('mq-plugin-item .handle').first().boundingBox())!;
      const last = (await phone.locator('mq-plugin-item').nth(2).boundingBox())!;
      const cdp = await touch.context.newCDPSession(phone);
      const at = (x: number, y: number) => [{ x, y, id: 1 }];
      const x = box.x + box.width / 2;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(x, box.y + box.height / 2) });
      for (let i = 1; i <= 8; i++) {
        const y = box.y + box.height / 2 + ((last.y + last.height - 4 - box.y) * i) / 8;
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(x, y) });
      }
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      const expected = [start[1], start[2], start[0]];
      await expect.poll(savedOrder, POLL).toEqual(expected);
    } finally {
      await touch.close();
    }
  });

  it('puts the order back and says why when the server refuses to save it', async () => {
    await page.route('**/api/v3/config/main', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({
            status: 500,
            contentType: 'application/json',
            body: JSON.stringify({
              status: 'error',
              error_code: 'CONFIG_SAVE_FAILED',
              error_category: 'configuration',
              message: 'Could not write config.json',
              suggested_fixes: ['Check the disk has free space'],
            }),
          })
        : route.continue(),
    );
    await openPlugins();
    const before = await shownOrder();
    await item(before[1]!).getByRole('button', { name: /up$/ }).click();
    await page.locator('mq-page-plugins .order-error mq-error').waitFor();
    expect(await shownOrder()).toEqual(before);
    expect(await page.locator('mq-page-plugins .order-error .message').innerText()).toBe('Could not write config.json');
    expect(await savedOrder()).toEqual(before);
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
