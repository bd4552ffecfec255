import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openFresh, type TestBrowser } from './support/browser.ts';
import { field, SCHEMA } from './support/form-fixture.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The plugin settings page inside the real shell, against the real config endpoints: the plugin's
// folder (manifest and config_schema.json) is on disk, its settings are saved to the real
// config.json and config_secrets.json.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
/** The fixture schema plus a field only the server checks (the form does not check formats). */
const WEATHER_SCHEMA = {
  ...SCHEMA,
  properties: {
    ...SCHEMA.properties,
    contact: { type: 'string', format: 'email', title: 'Contact e-mail' },
    sports: {
      type: 'object',
      title: 'Sports',
      properties: {
        nfl: {
          type: 'object',
          title: 'NFL',
          properties: { enabled: { type: 'boolean', default: true, title: 'Show NFL' } },
        },
      },
    },
  },
};
let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  const dir = path.join(server.web.deps.settings.pluginsDir, 'weather');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      id: 'weather',
      name: 'Weather',
      version: '1.0.0',
      entry_point: 'plugin.js',
      display_modes: ['weather'],
    }),
  );
  fs.writeFileSync(path.join(dir, 'config_schema.json'), JSON.stringify(WEATHER_SCHEMA));
  // A plugin found on disk gets its section (defaults, disabled) whenever the reconciler runs: run
  // it now, so no test sees the section appear halfway through.
  const run = await fetch(`${server.url}/api/v3/plugins/state/reconcile`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
  });
  expect(run.status).toBe(200);
  expect(stored('config.json').weather).toMatchObject({ enabled: false });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const stored = (file: string) =>
  JSON.parse(fs.readFileSync(path.join(server.web.deps.settings.configDir, file), 'utf8')) as Record<string, any>;

async function openSettings() {
  await openFresh(page, server.url, '#/plugins/weather');
  await field(page, 'city').waitFor();
}

describe('plugin settings page', () => {
  it('a server validation error shows beside the field; a good save persists, a typed secret only as a mask', async () => {
    await openSettings();
    const before = stored('config.json');
    await field(page, 'contact').locator('input').fill('not an address');
    await page.locator('mq-schema-form button[type="submit"]').click();
    const notSaved = page.locator('mq-page-plugin-settings .not-saved');
    await notSaved.waitFor();
    expect(await notSaved.innerText()).toBe('Nothing was saved: fix what the form shows below.');
    // The server's rule, in the words of the field's label, beside the field and in the summary.
    expect(await field(page, 'contact').locator('.field-error').innerText()).toBe(
      'Contact e-mail must be an email address',
    );
    expect(await page.locator('mq-schema-form .summary li').innerText()).toBe(
      'Contact e-mail must be an email address',
    );
    expect(await field(page, 'contact').locator('input').inputValue()).toBe('not an address');
    expect(stored('config.json')).toEqual(before);

    await field(page, 'contact').locator('input').fill('ops@example.invalid');
    await field(page, 'api_key').locator('input').fill('key-123');
    await page.locator('mq-schema-form button[type="submit"]').click();
    await page.locator('mq-page-plugin-settings .saved', { hasText: 'saved' }).waitFor();
    expect(await page.locator('mq-page-plugin-settings mq-error').count()).toBe(0);
    expect(stored('config.json').weather).toMatchObject({ contact: 'ops@example.invalid' });
    expect(stored('config.json').weather).not.toHaveProperty('api_key');
    expect(stored('config_secrets.json').weather).toEqual({ api_key: 'key-123' });
    // Reloaded from the server: the secret is set, and the page only ever saw its mask.
    await openSettings();
    expect(await field(page, 'api_key').locator('[data-secret-state]').getAttribute('data-secret-state')).toBe(
      'unchanged',
    );
    expect(await field(page, 'contact').locator('input').inputValue()).toBe('ops@example.invalid');
    const config = await (await fetch(`${server.url}/api/v3/plugins/config?plugin_id=weather`)).json();
    expect(config.data.api_key).toBe('••••••••');
  });

  it('fits a 360 px wide phone screen without sideways scrolling, table included', async () => {
    const saved = await fetch(`${server.url}/api/v3/plugins/config`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        plugin_id: 'weather',
        config: { feeds: [{ name: 'News', url: 'https://news.example.invalid/rss', max: 5, token: 'feed-token' }] },
      }),
    });
    expect(saved.status).toBe(200);
    await page.setViewportSize({ width: 360, height: 740 });
    try {
      await openSettings();
      await field(page, 'feeds.0.name').waitFor();
      const { scrollWidth, innerWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        innerWidth: window.innerWidth,
      }));
      await page.screenshot({ path: path.join(SCREENSHOTS, 'plugin-settings-360.png'), fullPage: true });
      expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
  }, 60_000);

  it('leaving with unsaved changes asks first: staying keeps page and edits, leaving discards them', async () => {
    await openSettings();
    await field(page, 'city').locator('input').fill('Edited');
    const prompts: string[] = [];
    const answer = (accept: boolean) =>
      new Promise<void>((resolve) =>
        page.once('dialog', async (d) => {
          prompts.push(d.message());
          await (accept ? d.accept() : d.dismiss());
          resolve();
        }),
      );
    let answered = answer(false);
    await page.locator('mq-nav a', { hasText: 'Store' }).click();
    await answered;
    expect(prompts).toEqual(['You have unsaved changes. Leave this page and discard them?']);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/plugins/weather');
    expect(await page.locator('mq-page-store').count()).toBe(0);
    expect(await field(page, 'city').locator('input').inputValue()).toBe('Edited');

    answered = answer(true);
    await page.locator('mq-nav a', { hasText: 'Store' }).click();
    await answered;
    await page.locator('mq-page-store').waitFor();
    expect(prompts).toHaveLength(2);
    expect(new URL(page.url()).hash).toBe('#/store');

    // Nothing unsaved any more: the next navigation does not ask.
    await page.locator('mq-nav a', { hasText: 'Health' }).click();
    await page.locator('mq-page-health').waitFor();
    expect(prompts).toHaveLength(2);
  });
  it("is titled with the plugin's name, never its id", async () => {
    await openSettings();
    await expect.poll(() => page.locator('mq-page-plugin-settings h1').innerText()).toBe('Weather settings');
    await expect.poll(() => page.title()).toBe('Weather settings · Marquee');
  });

  it('a checkbox in a nested group, unticked and saved, stays off after a reload; ticked again, on', async () => {
    await openSettings();
    const box = field(page, 'sports.nfl.enabled').locator('input');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await page.locator('mq-schema-form button[type="submit"]').click();
    await page.locator('mq-page-plugin-settings .saved', { hasText: 'saved' }).waitFor();
    expect(stored('config.json').weather.sports).toEqual({ nfl: { enabled: false } });
    await page.reload();
    await field(page, 'city').waitFor();
    expect(await field(page, 'sports.nfl.enabled').locator('input').isChecked()).toBe(false);
    await field(page, 'sports.nfl.enabled').locator('input').check();
    await page.locator('mq-schema-form button[type="submit"]').click();
    await expect.poll(() => stored('config.json').weather.sports).toEqual({ nfl: { enabled: true } });
  });
});
