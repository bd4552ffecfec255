import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { settingsPage } from './support/settings-page.ts';

// The Settings page's forms against the real server: a value refused beside its field, and the
// on/off and dim schedules per day, checked in the real config.json on disk.

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const { configDir, stored, card, field, saveCard, saved, nextDialog, reopen } = settingsPage(() => ({ page, server }));

describe('Settings', () => {
  it('a value the server refuses is shown beside its field; what was typed stays until it is fixed', async () => {
    await reopen('location');
    const before = fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8');
    const zone = field('location', 'timezone').locator('input');
    await zone.fill('Mars/Olympus_Mons');
    await saveCard('location');
    const error = field('location', 'timezone').locator('.field-error');
    await error.waitFor();
    // In the words of the field's label, never the key `timezone`.
    expect(await error.innerText()).toMatch(/^Time zone must be a valid IANA time zone name/);
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await zone.inputValue()).toBe('Mars/Olympus_Mons');
    expect(await card('location').locator('.not-saved').innerText()).toBe(
      'Nothing was saved: fix what the form shows below.',
    );
    expect(await card('location').locator('mq-schema-form .summary li').innerText()).toMatch(/^Time zone must be/);
    expect(fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8')).toBe(before);

    // Still unsaved: leaving asks first, and staying keeps the input.
    const asked = nextDialog(false);
    await page.locator('mq-nav a', { hasText: 'Health' }).click();
    expect(await asked).toBe('You have unsaved changes. Leave this page and discard them?');
    expect(await zone.inputValue()).toBe('Mars/Olympus_Mons');

    await zone.fill('Europe/Berlin');
    await field('location', 'location.city').locator('input').fill('Bergen');
    await saveCard('location');
    await saved('location');
    expect(stored()).toMatchObject({ timezone: 'Europe/Berlin', location: { city: 'Bergen' } });
    expect(await card('location').locator('.field-error').count()).toBe(0);
    // Saved: leaving no longer asks.
    await page.locator('mq-nav a', { hasText: 'Health' }).click();
    await page.locator('mq-page-health').waitFor();
  });

  it('edits the schedule per day', async () => {
    await reopen('schedule');
    await field('schedule', 'enabled').locator('input').check();
    await field('schedule', 'mode').locator('select').selectOption({ label: 'A window per day' });
    await card('schedule').locator('summary', { hasText: 'Per day' }).click();
    await field('schedule', 'days.monday.start_time').locator('input').fill('08:30');
    await field('schedule', 'days.sunday.enabled').locator('input').uncheck();
    await saveCard('schedule');
    await saved('schedule');
    const { schedule } = stored();
    expect(schedule).toMatchObject({ enabled: true, mode: 'per-day' });
    expect(schedule.days.monday).toEqual({ enabled: true, start_time: '08:30', end_time: '23:00' });
    expect(schedule.days.sunday.enabled).toBe(false);
  });

  it('edits the dim schedule per day with its dim brightness, keeping the on/off schedule', async () => {
    await reopen('dim');
    const before = stored();
    await field('dim_schedule', 'enabled').locator('input').check();
    await field('dim_schedule', 'dim_brightness').locator('input[type="number"]').fill('15');
    await field('dim_schedule', 'mode').locator('select').selectOption({ label: 'A window per day' });
    await card('dim_schedule').locator('summary', { hasText: 'Per day' }).click();
    await field('dim_schedule', 'days.friday.start_time').locator('input').fill('22:15');
    await field('dim_schedule', 'days.friday.end_time').locator('input').fill('06:30');
    await field('dim_schedule', 'days.saturday.enabled').locator('input').uncheck();
    await saveCard('dim_schedule');
    await saved('dim_schedule');

    const after = stored();
    expect(after.dim_schedule).toMatchObject({ enabled: true, mode: 'per-day', dim_brightness: 15 });
    expect(after.dim_schedule.days.friday).toEqual({ enabled: true, start_time: '22:15', end_time: '06:30' });
    expect(after.dim_schedule.days.saturday.enabled).toBe(false);
    // Days left alone are stored with the window the form showed for them.
    expect(after.dim_schedule.days.monday).toEqual({ enabled: true, start_time: '20:00', end_time: '07:00' });
    expect(after.schedule).toEqual(before.schedule);
    expect(after.display).toEqual(before.display);
    // The page shows what is stored now, and the dim schedule endpoint serves it.
    expect(await field('dim_schedule', 'dim_brightness').locator('input[type="number"]').inputValue()).toBe('15');
    const served = await (await fetch(`${server.url}/api/v3/config/dim-schedule`)).json();
    expect(served.data).toMatchObject({ mode: 'per-day', dim_brightness: 15, days: { saturday: { enabled: false } } });
  });

  it('a dim brightness out of range is shown beside its field and nothing is sent or written', async () => {
    await reopen('dim');
    const before = fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8');
    const posts: string[] = [];
    const onRequest = (r: Request) => {
      if (r.method() === 'POST') posts.push(r.url());
    };
    page.on('request', onRequest);
    try {
      const input = field('dim_schedule', 'dim_brightness').locator('input[type="number"]');
      await input.fill('150');
      await saveCard('dim_schedule');
      const error = field('dim_schedule', 'dim_brightness').locator('.field-error');
      await error.waitFor();
      expect(await error.innerText()).toBe('Dim brightness (%) must be at most 100');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await input.inputValue()).toBe('150');
      expect(await card('dim_schedule').locator('.saved').innerText()).toBe('');
    } finally {
      page.off('request', onRequest);
    }
    expect(posts).toEqual([]);
    expect(fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8')).toBe(before);
    await page.goto('about:blank');
  });

  it('a per-day dim schedule with every day off is refused by the server with its reason; nothing is written', async () => {
    await reopen('dim');
    const before = fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8');
    await field('dim_schedule', 'mode').locator('select').selectOption({ label: 'A window per day' });
    await card('dim_schedule').locator('summary', { hasText: 'Per day' }).click();
    for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
      await field('dim_schedule', `days.${day}.enabled`).locator('input').uncheck();
    const answered = page.waitForResponse('**/api/v3/config/dim-schedule');
    await saveCard('dim_schedule');
    expect((await answered).status()).toBe(400);
    await card('dim_schedule').locator('.not-saved').waitFor();
    // The rule is about the whole section, so the form lists it above its fields rather than beside one.
    const unplaced = card('dim_schedule').locator('mq-schema-form .summary li.unplaced');
    expect(await unplaced.innerText()).toContain('at least one enabled day in per-day mode');
    expect(await field('dim_schedule', 'days.monday.enabled').locator('input').isChecked()).toBe(false);
    expect(await card('dim_schedule').locator('.saved').innerText()).toBe('');
    expect(fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8')).toBe(before);
    // A full load discards the refused edits (the shell would ask before leaving them).
    await page.goto('about:blank');
  });
});
