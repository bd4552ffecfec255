import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { showServerLogOnFailure, startRealServer, type RealServer } from './support/real-server.ts';

// The Overview against the real server process and its display child (emulator backend, the
// configurable test plugin): what is on screen comes from the display itself, "show now" goes
// through the on-demand endpoints, and the preview draws the real frames.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
const RED = [200, 0, 0];
const GREEN = [0, 200, 0];
const BLUE = [0, 0, 200];

let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

showServerLogOnFailure(() => server);

beforeAll(async () => {
  server = await startRealServer({
    plugins: Object.fromEntries(
      ['red', 'green', 'blue', 'gone', 'scroller'].map((id) => [id, { display_modes: [id] }]),
    ),
    config: {
      red: { enabled: true, color: RED },
      green: { enabled: true, color: GREEN },
      blue: { enabled: false, color: BLUE },
      gone: { enabled: false },
      // Animated, so every frame differs; shown on demand only while the frame rate is measured.
      scroller: { enabled: false, color: RED, scroll: 'MARQUEE', fps: 30 },
      display: { plugin_rotation_order: ['red', 'green'] },
    },
  });
  browser = await launchBrowser();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const view = () => page.locator('mq-page-overview');
const onScreen = () => view().locator('[data-testid="on-screen"]');
/** The id of the plugin on screen (the page shows its name). */
const onScreenId = () => onScreen().getAttribute('data-plugin');

/** The colour of one pixel of the large preview's canvas. */
const previewPixel = (x = 0, y = 15) =>
  view()
    .locator('mq-preview.large canvas')
    .evaluate(
      (c: HTMLCanvasElement, [px, py]) => [...c.getContext('2d')!.getImageData(px!, py!, 1, 1).data.slice(0, 3)],
      [x, y],
    );

const post = (path: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });

/** A fresh page load (a goto to the same URL with a hash would not reload it). */
async function open() {
  await page.goto('about:blank');
  await page.goto(`${server.url}/#/overview`);
  await onScreen().waitFor({ timeout: 15_000 });
}

describe('Overview', () => {
  it('shows what the display has on screen, what comes next, and draws its frames', async () => {
    await open();
    // The rotation starts with whichever of the two is ready first; the other comes next.
    const shown = (await onScreenId())!;
    expect(['red', 'green']).toContain(shown);
    // By name (these test plugins are named as their ids); until the names are in, the ids in
    // words stand in ("Green"), so the name is waited for.
    await expect.poll(() => onScreen().innerText()).toBe(shown);
    expect(await view().locator('.now').innerText()).toContain('in the rotation');
    const next = view().locator('[data-testid="next"]');
    expect(await next.getAttribute('data-plugin')).toBe(shown === 'red' ? 'green' : 'red');
    await expect.poll(() => next.innerText()).toBe(shown === 'red' ? 'green' : 'red');
    await expect.poll(() => previewPixel(), { timeout: 15_000 }).toEqual(shown === 'red' ? RED : GREEN);
    const glance = view().locator('[data-section="health"] [data-testid="overall"]');
    // Health settles once the display's first heartbeats are in; a loaded machine takes longer.
    await expect.poll(() => glance.getAttribute('data-status'), { timeout: 15_000 }).toBe('healthy');
    expect(await glance.innerText()).toBe('Your panel is OK');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('the preview draws the frames the display streams while a plugin scrolls', async () => {
    await open();
    // The display sends a frame only when it changed: measure with the scrolling plugin on screen.
    await post('/api/v3/display/on-demand/start', { plugin_id: 'scroller' });
    await expect.poll(onScreenId, { timeout: 15_000 }).toBe('scroller');
    const preview = view().locator('mq-preview.large');
    await expect.poll(() => preview.evaluate((p: any) => p.framesDrawn), { timeout: 15_000 }).toBeGreaterThan(0);
    // Frame after frame reaches the canvas; how many a second is measured by `npm run bench -- ui`.
    const before = await preview.evaluate((p: any) => p.framesDrawn);
    await expect
      .poll(() => preview.evaluate((p: any) => p.framesDrawn), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(before + 20);
    await post('/api/v3/display/on-demand/stop');
  });

  it('"Show now" puts a disabled plugin on screen at once; Stop returns to the rotation', async () => {
    await open();
    const card = view().locator('mq-on-demand');
    await card.locator('select[name="plugin"]').selectOption('blue');
    await card.locator('button', { hasText: 'Show now' }).click();
    await card.locator('[data-testid="on-demand"][data-plugin="blue"]').waitFor();
    expect(await card.locator('p[role="status"]').innerText()).toBe('blue is on your panel now');
    expect(await card.locator('[data-section="on-demand-status"]').innerText()).toBe('Showing blue until you stop it.');
    // The display switches and pushes the change; the page follows without reloading.
    await expect.poll(onScreenId, { timeout: 15_000 }).toBe('blue');
    // Until stopped says so, never the end of the rotation turn it stands in.
    await expect
      .poll(() => view().locator('.now').innerText(), { timeout: 15_000 })
      .toMatch(/on demand.*until you stop it$/s);
    await expect.poll(() => previewPixel(), { timeout: 15_000 }).toEqual(BLUE);

    await card.locator('button', { hasText: 'Stop' }).click();
    await card.locator('[data-section="on-demand-status"]', { hasText: 'the rotation runs' }).waitFor();
    await expect.poll(onScreenId, { timeout: 15_000 }).not.toBe('blue');
    expect(await card.locator('button', { hasText: 'Stop' }).isDisabled()).toBe(true);
  });

  it('a refused "show now" shows the server\'s message beside the controls and keeps the choice', async () => {
    await open();
    const card = view().locator('mq-on-demand');
    await card.locator('select[name="plugin"]').selectOption('gone');
    await card.locator('select[name="duration"]').selectOption('300');
    // Removed behind the page's back: the server no longer finds it.
    fs.rmSync(path.join(server.pluginsDir, 'gone'), { recursive: true });
    await card.locator('button', { hasText: 'Show now' }).click();
    const panel = card.locator('mq-error');
    await panel.waitFor();
    expect(await panel.locator('.message').innerText()).toBe('Plugin gone is not installed');
    expect(await panel.locator('.code').innerText()).toBe('PLUGIN_NOT_FOUND · HTTP 404');
    expect(await panel.locator('.fixes li').count()).toBeGreaterThan(0);
    expect(await card.locator('select[name="plugin"]').inputValue()).toBe('gone');
    expect(await card.locator('select[name="duration"]').inputValue()).toBe('300');
  });

  it('the preview repaints every animation frame while visible, even when the picture does not change', async () => {
    await open();
    const preview = view().locator('mq-preview.large');
    await expect.poll(() => preview.evaluate((p: any) => p.paints), { timeout: 15_000 }).toBeGreaterThan(0);
    const [frames, paints] = await preview.evaluate((p: any) => [p.framesDrawn, p.paints]);
    await expect.poll(() => preview.evaluate((p: any) => p.paints), { timeout: 15_000 }).toBeGreaterThan(paints + 5);
    const [frames2, paints2] = await preview.evaluate((p: any) => [p.framesDrawn, p.paints]);
    // A still picture (red or green) sends no new frame, yet the canvas is painted many times.
    expect(paints2 - paints).toBeGreaterThan(5);
    expect(frames2 - frames).toBeLessThan(paints2 - paints);
    // A hidden tab paints nothing.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const hiddenAt = await preview.evaluate((p: any) => p.paints);
    // Ten animation frames later (each one it would have painted in), it has painted none.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let n = 0;
          const next = () => (++n >= 10 ? resolve() : requestAnimationFrame(next));
          requestAnimationFrame(next);
        }),
    );
    expect(await preview.evaluate((p: any) => p.paints)).toBe(hiddenAt);
  });

  it('the preview scale and LED-dot look apply at once and are remembered; LED dots are the default', async () => {
    await open();
    const canvas = view().locator('mq-preview.large canvas');
    expect(await view().locator('input[name="dots"]').isChecked()).toBe(true);
    expect(await canvas.evaluate((c) => getComputedStyle(c).maskImage)).toContain('radial-gradient');
    await view().locator('select[name="scale"]').selectOption('8');
    await expect.poll(() => canvas.evaluate((c) => c.getBoundingClientRect().width), { timeout: 15_000 }).toBe(32 * 8);
    await view().locator('input[name="dots"]').uncheck();
    expect(await canvas.evaluate((c) => getComputedStyle(c).maskImage)).toBe('none');

    await open();
    expect(await view().locator('select[name="scale"]').inputValue()).toBe('8');
    expect(await view().locator('input[name="dots"]').isChecked()).toBe(false);
    expect(await canvas.evaluate((c) => c.getBoundingClientRect().width)).toBe(32 * 8);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-dots-8x.png') });

    // At 8× the preview is wider than a phone: it scrolls inside its frame, the page does not.
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await open();
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'overview-360-real.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
      await view().locator('select[name="scale"]').selectOption('fit');
      await view().locator('input[name="dots"]').check();
    }
  });
});
