import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoreSecrets } from '../../core/registry/secrets.ts';
import { collectPageErrors, launchBrowser, openFresh, type TestBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// The Settings page against the real server: the config endpoints, the real config.json and
// config_secrets.json on disk, backups and rollback.

const SCREENSHOTS = path.join(import.meta.dirname, '.screenshots');
let server: TestServer;
let browser: TestBrowser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.context.newPage();
  errors = collectPageErrors(page);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const configDir = () => server.web.deps.settings.configDir;
const stored = (file = 'config.json') => JSON.parse(fs.readFileSync(path.join(configDir(), file), 'utf8'));
const card = (id: string) => page.locator(`mq-page-settings [data-card="${id}"]`);
const field = (cardId: string, p: string) => card(cardId).locator(`[data-path="${p}"]`);
const saveCard = (id: string) => card(id).locator('mq-schema-form button[type="submit"]').click();
const saved = (id: string) => card(id).locator('.saved', { hasText: 'saved' }).waitFor();

/** Opens a section of Settings (each is its own route). */
async function section(name: string, ready = 'mq-schema-form') {
  await page.goto(`${server.url}/#/settings/${name}`);
  await page.locator(`mq-page-settings ${ready}`).first().waitFor();
}

/** Answers the next confirm() and returns its text. */
const nextDialog = (accept: boolean) =>
  new Promise<string>((resolve) =>
    page.once('dialog', async (d) => {
      const text = d.message();
      await (accept ? d.accept() : d.dismiss());
      resolve(text);
    }),
  );

async function open() {
  await openFresh(page, server.url, '#/settings');
  await card('display').locator('mq-schema-form').waitFor();
}

/** A fresh load of a section (a hash change alone keeps the page already open). */
async function reopen(name: string, ready = 'mq-schema-form') {
  // A navigation the page started itself (a reload after a save) aborts ours: wait for it, go again.
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto('about:blank');
      break;
    } catch (e) {
      if (attempt === 3 || !String(e).includes('ERR_ABORTED')) throw e;
      await page.waitForLoadState();
    }
  }
  await section(name, ready);
}

describe('Settings', () => {
  it('is split into sections, each its own route with one save; a change keeps everything else', async () => {
    await open();
    const nav = page.locator('mq-page-settings nav.sections');
    expect(await nav.locator('a').allInnerTexts()).toEqual([
      'Panel',
      'On and off',
      'Dimming',
      'Time and place',
      'Appearance',
      'Store access',
      'Backups',
      'Devices and tokens',
    ]);
    expect(await nav.locator('a[aria-current="page"]').innerText()).toBe('Panel');
    expect(await page.locator('mq-page-settings mq-schema-form').count()).toBe(1);
    const before = stored();
    expect(await page.locator('mq-brightness #brightness-number').inputValue()).toBe(
      String(before.display.hardware.brightness),
    );
    const chain = field('display', 'hardware.chain_length').locator('input');
    expect(await chain.inputValue()).toBe(String(before.display.hardware.chain_length));
    await chain.fill('2');
    await saveCard('display');
    await saved('display');
    const after = stored();
    expect(after.display.hardware).toEqual({ ...before.display.hardware, chain_length: 2 });
    expect(after.schedule).toEqual(before.schedule);
    expect(await card('display').locator('mq-schema-form [role="status"]').innerText()).toBe('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-1280.png'), fullPage: true });
    await nav.locator('a', { hasText: 'On and off' }).click();
    await card('schedule').locator('mq-schema-form').waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/settings/schedule');
    expect(errors).toEqual([]);
  });

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

  it('store secrets are write-only: saved to the secrets file, shown only as set', async () => {
    await reopen('store');
    const hook = field('github', 'webhook_secret');
    expect(await hook.locator('[data-secret-state]').getAttribute('data-secret-state')).toBe('unset');
    await hook.locator('input').fill('hook-secret-123');
    await saveCard('github');
    await saved('github');
    expect(stored('config_secrets.json').github).toEqual({ webhook_secret: 'hook-secret-123' });
    expect(JSON.stringify(stored())).not.toContain('hook-secret-123');
    expect(readStoreSecrets(server.web.deps).webhookSecret).toBe('hook-secret-123');
    expect(await hook.locator('[data-secret-state]').getAttribute('data-secret-state')).toBe('unchanged');
    expect(await hook.locator('input').inputValue()).toBe('');
    // The page never received the value.
    const main = await (await fetch(`${server.url}/api/v3/config/main`)).json();
    expect(main.data.github.webhook_secret).toBe('••••••••');

    // Saving another field of the card leaves the secret as it is.
    await field('github', 'api_token').locator('input').fill('ghp_token');
    await saveCard('github');
    await saved('github');
    expect(stored('config_secrets.json').github).toEqual({ webhook_secret: 'hook-secret-123', api_token: 'ghp_token' });
  });

  it('lists backups; a restore first shows, in the page, what it changes (secrets masked), and asks there', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => void (dialogs.push(d.message()), d.dismiss()));
    await reopen('display');
    const chain = field('display', 'hardware.chain_length').locator('input');
    await chain.fill('3');
    await saveCard('display');
    await saved('display');
    expect(stored().display.hardware.chain_length).toBe(3);
    await page.locator('mq-page-settings nav.sections a', { hasText: 'Backups' }).click();
    const backups = page.locator('mq-config-backups');
    const newest = backups.locator('li[data-backup]').first();
    await expect.poll(() => newest.innerText()).toContain('Kept before a change to Panel');
    const count = await backups.locator('li[data-backup]').count();

    await newest.getByRole('button', { name: /^Restore/ }).click();
    const review = newest.locator('.review');
    await review.waitFor();
    expect(await review.getByRole('heading').innerText()).toMatch(/^Restore the settings of .+\?$/);
    const row = review.locator('tr[data-path="display.hardware.chain_length"]');
    expect(await row.locator('th').innerText()).toBe('Panel › Hardware › Chain length');
    expect(await row.locator('.now').innerText()).toBe('3');
    expect(await row.locator('.after').innerText()).toBe('2');
    // Secrets are compared masked: nothing of them is shown.
    expect(await review.innerText()).not.toContain('hook-secret-123');
    expect(await review.innerText()).not.toContain('ghp_token');
    await review.getByRole('button', { name: 'Keep the settings I have' }).click();
    await review.waitFor({ state: 'detached' });
    expect(stored().display.hardware.chain_length).toBe(3);

    await newest.getByRole('button', { name: /^Restore/ }).click();
    await review.getByRole('button', { name: 'Restore these settings' }).click();
    await backups.locator('[role="status"]', { hasText: /restored/i }).waitFor();
    expect(stored().display.hardware.chain_length).toBe(2);
    // The restore kept the replaced configuration as a new backup; the browser was never asked.
    await expect.poll(() => backups.locator('li[data-backup]').count()).toBe(count + 1);
    expect(dialogs).toEqual([]);
  });

  it('a restore the server refuses shows why', async () => {
    await reopen('backups', 'mq-config-backups li[data-backup]');
    const backups = page.locator('mq-config-backups');
    const newest = backups.locator('li[data-backup]').first();
    const id = await newest.getAttribute('data-backup');
    // Gone from the history between the listing and the click (pruned by another save).
    server.web.deps.db.sqlite.prepare('DELETE FROM config_history WHERE id = ?').run(id);
    await newest.getByRole('button', { name: /^Restore/ }).click();
    const panel = backups.locator('mq-error');
    await panel.waitFor();
    expect(await panel.locator('.message').innerText()).toBe(`Configuration backup ${id} not found`);
    expect(await panel.locator('.code').innerText()).toContain('CONFIG_BACKUP_NOT_FOUND');
  });
});
