import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { showServerLogOnFailure, startRealServer, type RealServer } from './support/real-server.ts';

// Every row of the Plugins page shows its plugin at the panel's size: the real server, its display
// child on the emulator and real plugin hosts; the pictures are read from each row's canvas.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
const POLL = { timeout: 20_000 };
const RED = [200, 0, 0];
const GREEN = [0, 200, 0];
const BLUE = [0, 0, 200];
const YELLOW = [200, 200, 0];

let server: RealServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

showServerLogOnFailure(() => server);

beforeAll(async () => {
  server = await startRealServer({
    plugins: { red: { display_modes: ['red'] }, green: { display_modes: ['green'] }, blue: {}, broken: {} },
    config: {
      // Long dwells: the plugin on screen stays there while the test looks.
      red: { enabled: true, color: RED, display_duration: 300 },
      green: { enabled: true, color: GREEN, display_duration: 300 },
      blue: { enabled: false, color: BLUE },
      // Enabled, but every frame throws: its breaker opens and its host is stopped.
      broken: { enabled: true, render: 'throw' },
      display: { plugin_rotation_order: ['red', 'green', 'broken'] },
    },
    // The display's heartbeat (which reports its row frames) twice a second.
    env: { MARQUEE_DISPLAY_FLUSH_MS: '500' },
  });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const api = async (p: string) => (await (await fetch(`${server.url}${p}`)).json()).data;
const onPanel = async () => (await api('/api/v3/display/current-status')).plugin_id as string | null;
/** What the display says of its row frames in its heartbeat. */
const rowFrames = async () =>
  (await api('/api/v3/health')).checks.display.info as {
    row_frames: { watchers: number; asked: number };
    db_writes: number;
  };

const row = (id: string): Locator =>
  page.locator('mq-plugin-item').filter({ has: page.locator(`[data-plugin="${id}"]`) });
/** The colour in the middle of a row's picture, whichever element draws it. */
const rowColour = (id: string) =>
  row(id)
    .locator('.art canvas')
    .evaluate((c: HTMLCanvasElement) => [
      ...c
        .getContext('2d')!
        .getImageData(c.width >> 1, c.height >> 1, 1, 1)
        .data.slice(0, 3),
    ])
    .catch(() => null);

async function open() {
  page = await browser.context.newPage();
  page.setDefaultTimeout(20_000);
  errors = collectPageErrors(page);
  await page.goto(`${server.url}/#/plugins`);
  await row('red').locator('article').waitFor();
}

describe('the Plugins page rows', () => {
  it('show each enabled plugin in its own colour, the one off screen following its changes; a disabled or broken one says why it has no preview', async () => {
    await expect.poll(onPanel, POLL).not.toBe(null);
    const screen = (await onPanel())!;
    const other = screen === 'red' ? 'green' : 'red';
    const colour = (id: string) => (id === 'red' ? RED : GREEN);
    await open();

    // The plugin on screen: the panel's own frames; the other: drawn by its host off screen.
    await row(screen).locator('mq-preview').waitFor();
    await row(other).locator('mq-row-frame').waitFor();
    await expect.poll(() => rowColour(screen), POLL).toEqual(colour(screen));
    await expect.poll(() => rowColour(other), POLL).toEqual(colour(other));
    await expect.poll(async () => (await rowFrames()).row_frames.watchers, POLL).toBe(1);

    // A new colour for the plugin off screen reaches its row.
    const saved = await fetch(`${server.url}/api/v3/plugins/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ plugin_id: other, config: { color: YELLOW } }),
    });
    expect(saved.status).toBe(200);
    await expect.poll(() => rowColour(other), POLL).toEqual(YELLOW);
    expect(await onPanel()).toBe(screen);

    // Moved in the list, its row keeps following its frames.
    await row(other)
      .getByRole('button', { name: `Move ${other} ${other === 'red' ? 'down' : 'up'}` })
      .click();
    await expect
      .poll(() => page.locator('mq-plugin-item article').first().getAttribute('data-plugin'), POLL)
      .toBe('green');
    const drawn = () =>
      row(other)
        .locator('mq-row-frame')
        .evaluate((r) => (r as unknown as { framesDrawn: number }).framesDrawn);
    const before = await drawn();
    await expect.poll(drawn, POLL).toBeGreaterThan(before);

    // Disabled and in no registry: its picture box says why there is no preview, in words, by its icon.
    const disabled = row('blue').locator('.art');
    await disabled.locator('.why').waitFor();
    expect(await disabled.locator('.why').innerText()).toBe('No preview: not in the store.');
    expect(await disabled.locator('svg').count()).toBeGreaterThan(0);
    // Enabled, but its breaker is open: no frames to draw, so its row says why there is no preview too.
    await expect.poll(() => row('broken').getAttribute('row-state'), POLL).toBe('breaker');
    expect(await row('broken').locator('.art .why').innerText()).toBe('No preview: not in the store.');
    expect(await row('broken').locator('mq-row-frame').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'plugin-rows.png') });
    expect(errors, errors.join('\n')).toEqual([]);

    // Closing the page: the display is told nobody watches, and asks for no more off-screen frames.
    await page.close();
    await expect.poll(async () => (await rowFrames()).row_frames.watchers, POLL).toBe(0);
    const stopped = await rowFrames();
    await expect.poll(async () => (await rowFrames()).db_writes, POLL).toBeGreaterThanOrEqual(stopped.db_writes + 2);
    expect((await rowFrames()).row_frames.asked).toBe(stopped.row_frames.asked);
  }, 120_000);
});
