import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { showServerLogOnFailure, startRealServer, type RealServer } from './support/real-server.ts';

// The server process goes away while the page is open, then comes back on the same port with the
// same files: the page says so, keeps what the user typed, and carries on when it returns.

let server: RealServer;
let browser: TestBrowser;
let page: Page;

showServerLogOnFailure(() => server);

beforeAll(async () => {
  server = await startRealServer({});
  browser = await launchBrowser();
  page = await browser.context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

const pill = () => page.locator('mq-connection .pill');
const chain = () => page.locator('mq-page-settings [data-card="display"] [data-path="hardware.chain_length"] input');
const stored = () => JSON.parse(fs.readFileSync(path.join(server.configDir, 'config.json'), 'utf8'));

describe('while the server cannot be reached', () => {
  it('the indicator says so and offers a retry; a save fails with the reason and keeps the input; all resumes when it is back', async () => {
    await page.goto(`${server.url}/#/settings`);
    await chain().waitFor();
    await expect.poll(() => pill().getAttribute('data-state')).toBe('open');

    await server.stop();
    await expect.poll(() => pill().getAttribute('data-state'), { timeout: 10_000 }).toMatch(/reconnecting|unavailable/);
    expect(await pill().getAttribute('title')).toMatch(/reconnecting|unavailable/i);
    const retry = page.locator('mq-connection button', { hasText: 'Retry now' });
    await retry.waitFor();
    // A reload meeting the outage (as the stream's own reload after it first opened may) keeps the
    // form and what is in it on screen rather than an error in its place.
    await page
      .locator('mq-page-settings')
      .evaluate((el) => (el as unknown as { config: { reload(): Promise<void> } }).config.reload());
    expect(await page.locator('mq-page-settings .resource').getAttribute('data-state')).toBe('done');

    await chain().fill('4');
    await page.locator('mq-page-settings [data-card="display"] mq-schema-form button[type="submit"]').click();
    const panel = page.locator('mq-page-settings [data-card="display"] mq-error.save-error');
    await panel.waitFor();
    expect(await panel.locator('.message').innerText()).toBe('Could not reach Marquee');
    expect(await panel.locator('.code').innerText()).toBe('NETWORK_ERROR');
    expect(await panel.locator('.fixes li').allInnerTexts()).toContain('Check that Marquee is running');
    expect(await chain().inputValue()).toBe('4');
    expect(stored().display.hardware.chain_length).not.toBe(4);

    await server.restart();
    await retry.click();
    await expect.poll(() => pill().getAttribute('data-state'), { timeout: 10_000 }).toBe('open');
    expect(await page.locator('mq-connection button').count()).toBe(0);
    // The configuration reloaded on reconnecting; the unsaved edit survived it.
    expect(await chain().inputValue()).toBe('4');
    await page.locator('mq-page-settings [data-card="display"] mq-schema-form button[type="submit"]').click();
    await page.locator('mq-page-settings [data-card="display"] .saved', { hasText: 'saved' }).waitFor();
    expect(stored().display.hardware.chain_length).toBe(4);
    expect(await panel.count()).toBe(0);
  }, 60_000);
});
