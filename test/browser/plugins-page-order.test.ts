import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import type { PluginHost } from './support/plugin-host.ts';
import { pluginsPage, POLL, startPluginsPageRig, stopPluginsPageRig } from './support/plugins-page.ts';
import type { TestServer } from './support/server.ts';

// The Plugins page's rotation order in Chromium against the real server: moved by buttons, keys,
// mouse and finger, each move checked against what the server then holds.

let host: PluginHost;
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ host, server, browser, page, errors } = await startPluginsPageRig());
});

beforeEach(async () => {
  await page.unrouteAll();
  await page.goto(`${server.url}/#/overview`);
});

afterAll(async () => {
  await stopPluginsPageRig({ host, server, browser });
  // Nothing went wrong in the page beyond refused requests (a test asks for one).
  expect(errors?.filter((e) => !/status of (400|409|500)/.test(e)) ?? []).toEqual([]);
});

const { item, shownOrder, savedOrder, focusedName, openPlugins } = pluginsPage(() => ({ page, server }));

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
