import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { showServerLogOnFailure, startRealServer, type RealServer } from './support/real-server.ts';

// Settings that apply live, against the real server and its display child: brightness follows the
// slider on the panel while it moves (the preview frames carry the panel's brightness) and is saved
// only when let go; the theme applies at once and is kept by the browser.

let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

showServerLogOnFailure(() => server);

beforeAll(async () => {
  server = await startRealServer({
    plugins: { red: { display_modes: ['red'] } },
    config: { red: { enabled: true, color: [200, 0, 0] }, display: { hardware: { brightness: 90 } } },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  page.setDefaultTimeout(15_000);
  errors = collectPageErrors(page);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const storedBrightness = () =>
  JSON.parse(fs.readFileSync(path.join(server.configDir, 'config.json'), 'utf8')).display.hardware.brightness;
/** The brightness of the frames the panel shows, as the header's preview last drew one. */
const litOnPanel = () =>
  page.locator('mq-app mq-preview.mini').evaluate((p: HTMLElement) => p.style.getPropertyValue('--lit'));
const lit = (b: number) => (0.35 + (0.65 * b) / 100).toFixed(2);

describe('live settings', () => {
  it('brightness is applied to the panel while the slider moves, and saved only when it is let go', async () => {
    await page.goto(`${server.url}/#/settings/display`);
    const slider = page.locator('mq-brightness input[type="range"]');
    await slider.waitFor();
    await expect.poll(litOnPanel, { timeout: 10_000 }).toBe(lit(90));
    const box = (await slider.boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width * 0.9, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.2, y, { steps: 10 });
    const dragged = Number(await slider.inputValue());
    expect(dragged).toBeLessThan(40);
    // Still held: the panel shows it, nothing is saved yet.
    await expect.poll(litOnPanel, { timeout: 10_000 }).toBe(lit(dragged));
    expect(storedBrightness()).toBe(90);
    await page.mouse.up();
    await page.locator('mq-brightness [role="status"]', { hasText: `Brightness ${dragged} % saved` }).waitFor();
    expect(storedBrightness()).toBe(dragged);
    // A typed value out of range is named in the words of every form, and not saved.
    const number = page.locator('mq-brightness #brightness-number');
    await number.fill('150');
    await number.press('Enter');
    await page.locator('mq-brightness .field-error', { hasText: 'Brightness must be at most 100' }).waitFor();
    expect(storedBrightness()).toBe(dragged);
  });

  it('the theme is dark by default, switches at once from the header, and is remembered by the browser', async () => {
    await page.goto(`${server.url}/#/overview`);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.locator('mq-theme-switch').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const bodyBg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const dark = await bodyBg();
    await page.getByRole('button', { name: 'Light theme' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await bodyBg()).not.toBe(dark);
    expect(await page.getByRole('button', { name: 'Light theme' }).getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await page.locator('mq-theme-switch').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');

    // Follow system: the browser's colour scheme decides, and a change applies at once.
    await page.getByRole('button', { name: 'Follow system theme' }).click();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    // Settings › Appearance shows and changes the same choice.
    await page.goto(`${server.url}/#/settings/appearance`);
    const radio = page.locator('mq-appearance input[value="system"]');
    expect(await radio.isChecked()).toBe(true);
    await page.locator('mq-appearance input[value="dark"]').check();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await page.getByRole('button', { name: 'Dark theme' }).getAttribute('aria-pressed')).toBe('true');
    expect(errors).toEqual([]);
  });
});
