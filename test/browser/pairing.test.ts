import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// Signing in through the real UI with MARQUEE_AUTH=on: the pairing screen, the code from the log,
// a setting changed once paired, then devices and tokens in Settings, a second device paired with
// the code the first one shows, and revoked.

let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];
const log = memoryLogger(systemClock);

beforeAll(async () => {
  server = await startTestServer({ auth: 'on' }, { log });
  browser = await launchBrowser({ viewport: { width: 390, height: 844 } });
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const stored = () => JSON.parse(fs.readFileSync(path.join(server.web.deps.settings.configDir, 'config.json'), 'utf8'));
const codes = () => log.lines.filter((l) => typeof l.pairing_code === 'string').map((l) => String(l.pairing_code));

/** Waits for the n-th pairing code the server logged. */
async function loggedCode(n: number): Promise<string> {
  await expect.poll(() => codes().length).toBeGreaterThanOrEqual(n);
  return codes()[n - 1]!;
}

describe('signing in from the browser', () => {
  it('asks for the code shown on the panel, pairs, and then saves a setting', async () => {
    await page.goto(`${server.url}/#/settings/location`);
    const pairing = page.locator('mq-pairing');
    await pairing.locator('h1', { hasText: 'Pair this browser' }).waitFor();
    expect(await pairing.locator('section').innerText()).toMatch(/Look at the panel:.*journalctl -u marquee-web/s);
    await pairing.locator('[role="status"]', { hasText: 'works until' }).waitFor();
    expect(await page.locator('mq-page-settings').count()).toBe(0);

    const code = await loggedCode(1);
    await pairing.locator('input[name="code"]').fill(code);
    await pairing.locator('input[name="device"]').fill('Kitchen phone');
    await pairing.locator('button[type="submit"]').click();

    const city = page.locator('mq-page-settings [data-card="location"] [data-path="location.city"] input');
    await city.waitFor();
    await city.fill('Tromsø');
    await page.locator('mq-page-settings [data-card="location"] mq-schema-form button[type="submit"]').click();
    await page.locator('mq-page-settings [data-card="location"] .saved', { hasText: 'saved' }).waitFor();
    expect(stored().location.city).toBe('Tromsø');

    // The session is a cookie no script can read; nothing is kept in the page's storage.
    const [cookie] = await browser.context.cookies(server.url);
    expect(cookie).toMatchObject({ name: 'marquee_session', httpOnly: true, sameSite: 'Strict' });
    const seen = await page.evaluate(() => ({
      cookie: document.cookie,
      storage: JSON.stringify({ ...localStorage, ...sessionStorage }),
    }));
    expect(seen.cookie).not.toContain('marquee_session');
    expect(seen.storage).not.toContain(cookie!.value.slice(21));
    expect(errors.filter((e) => !/401/.test(e))).toEqual([]);
  });

  it('makes a token shown once, pairs a second device with the code it shows, and revokes that device', async () => {
    await page.goto(`${server.url}/#/settings/devices`);
    const sessions = page.locator('mq-paired-sessions');
    await sessions.locator('li', { hasText: 'Kitchen phone' }).locator('.badge', { hasText: 'this browser' }).waitFor();

    const tokens = page.locator('mq-api-tokens');
    await tokens.locator('input[name="name"]').fill('Home Assistant');
    await tokens.locator('button[type="submit"]').click();
    const token = await tokens.locator('input.token').inputValue();
    expect(token).toMatch(/^mqt_/);
    const installed = await fetch(`${server.url}/api/v3/plugins/installed`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(installed.status).toBe(200);
    await tokens.locator('button', { hasText: 'Done' }).click();
    await page.reload();
    await tokens.locator('li', { hasText: 'Home Assistant' }).waitFor();
    expect(await tokens.locator('ul.items').innerText()).not.toContain(token.slice(20));
    expect(await tokens.locator('input.token').count()).toBe(0);

    await page.locator('mq-pair-device button.pair-another').click();
    const shown = await page.locator('mq-pair-device .code').getAttribute('data-code');
    expect(shown).toBe((await loggedCode(2)).replace(' ', ''));

    const other = await launchBrowser();
    try {
      const phone = await other.context.newPage();
      await phone.goto(`${server.url}/#/overview`);
      await phone.locator('mq-pairing input[name="code"]').fill(`${shown!.slice(0, 4)} ${shown!.slice(4)}`);
      await phone.locator('mq-pairing input[name="device"]').fill('Laptop');
      await phone.locator('mq-pairing button[type="submit"]').click();
      await phone.locator('mq-page-overview').waitFor();

      await page.reload();
      const laptop = sessions.locator('li', { hasText: 'Laptop' });
      await laptop.locator('button.revoke').click();
      await laptop.locator('button.confirm-revoke').click();
      await sessions.locator('[role="status"]', { hasText: 'Laptop revoked' }).waitFor();

      // The revoked device is back at the pairing screen on its next request.
      await phone.goto(`${server.url}/#/plugins`);
      await phone.locator('mq-pairing h1').waitFor();
    } finally {
      await other.close();
    }
  });
});
