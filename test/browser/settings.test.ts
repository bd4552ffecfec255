import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoreSecrets } from '../../core/registry/secrets.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
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
  await page.goto(`${server.url}/#/overview`);
  await page.goto(`${server.url}/#/settings`);
  await card('display').locator('mq-schema-form').waitFor();
}

describe('Settings', () => {
  it('shows the stored core sections and saves a change to config.json, keeping everything else', async () => {
    await open();
    const before = stored();
    const brightness = field('display', 'hardware.brightness').locator('input[type="number"]');
    expect(await brightness.inputValue()).toBe(String(before.display.hardware.brightness));
    expect(await field('display', 'hardware.rows').locator('input').inputValue()).toBe(
      String(before.display.hardware.rows),
    );
    await brightness.fill('55');
    await saveCard('display');
    await saved('display');
    const after = stored();
    expect(after.display.hardware).toEqual({ ...before.display.hardware, brightness: 55 });
    expect(after.schedule).toEqual(before.schedule);
    expect(await card('display').locator('mq-schema-form [role="status"]').innerText()).toBe('');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'settings-1280.png'), fullPage: true });
    expect(errors).toEqual([]);
  });

  it('a value the server refuses is shown beside its field; what was typed stays until it is fixed', async () => {
    await open();
    const before = fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8');
    const zone = field('location', 'timezone').locator('input');
    await zone.fill('Mars/Olympus_Mons');
    await saveCard('location');
    const error = field('location', 'timezone').locator('.field-error');
    await error.waitFor();
    expect(await error.innerText()).toContain('a valid IANA time zone name');
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await zone.inputValue()).toBe('Mars/Olympus_Mons');
    const panel = card('location').locator('mq-error.save-error');
    expect(await panel.locator('.code').innerText()).toBe('CONFIG_VALIDATION_FAILED · HTTP 400');
    expect(await panel.locator('.fixes li').allInnerTexts()).toEqual([
      'Review the listed fields and their expected values',
    ]);
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
    await open();
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
    await open();
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
    await open();
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
      expect(await error.innerText()).toBe('Must be at most 100');
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
    await open();
    const before = fs.readFileSync(path.join(configDir(), 'config.json'), 'utf8');
    await field('dim_schedule', 'mode').locator('select').selectOption({ label: 'A window per day' });
    await card('dim_schedule').locator('summary', { hasText: 'Per day' }).click();
    for (const day of ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'])
      await field('dim_schedule', `days.${day}.enabled`).locator('input').uncheck();
    const answered = page.waitForResponse('**/api/v3/config/dim-schedule');
    await saveCard('dim_schedule');
    expect((await answered).status()).toBe(400);
    const panel = card('dim_schedule').locator('mq-error.save-error');
    await panel.waitFor();
    expect(await panel.locator('.code').innerText()).toBe('CONFIG_VALIDATION_FAILED · HTTP 400');
    expect(await panel.locator('.message').innerText()).toContain('at least one enabled day in per-day mode');
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
    await open();
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

  it('lists backups and restores one after asking', async () => {
    await open();
    const brightness = field('display', 'hardware.brightness').locator('input[type="number"]');
    await brightness.fill('40');
    await saveCard('display');
    await saved('display');
    expect(stored().display.hardware.brightness).toBe(40);
    const backups = page.locator('mq-config-backups');
    const newest = backups.locator('li[data-backup]').first();
    await expect.poll(() => newest.innerText()).toContain('Before a change to display');
    const count = await backups.locator('li[data-backup]').count();

    let prompt = nextDialog(false);
    await newest.locator('button', { hasText: 'Restore' }).click();
    expect(await prompt).toMatch(
      /^Restore the configuration as it was on .+\? The current configuration is backed up first/,
    );
    expect(stored().display.hardware.brightness).toBe(40);

    prompt = nextDialog(true);
    await newest.locator('button', { hasText: 'Restore' }).click();
    await prompt;
    await backups.locator('[role="status"]', { hasText: /restored/i }).waitFor();
    expect(stored().display.hardware.brightness).toBe(55);
    await expect.poll(() => brightness.inputValue()).toBe('55');
    // The restore kept the replaced configuration as a new backup.
    await expect.poll(() => backups.locator('li[data-backup]').count()).toBe(count + 1);
  });

  it('a restore the server refuses shows why', async () => {
    await open();
    const backups = page.locator('mq-config-backups');
    const newest = backups.locator('li[data-backup]').first();
    await newest.waitFor();
    const id = await newest.getAttribute('data-backup');
    // Gone from the history between the listing and the click (pruned by another save).
    server.web.deps.db.sqlite.prepare('DELETE FROM config_history WHERE id = ?').run(id);
    const prompt = nextDialog(true);
    await newest.locator('button', { hasText: 'Restore' }).click();
    await prompt;
    const panel = backups.locator('mq-error');
    await panel.waitFor();
    expect(await panel.locator('.message').innerText()).toBe(`Backup ${id} not found`);
    expect(await panel.locator('.code').innerText()).toContain('CONFIG_BACKUP_NOT_FOUND');
  });
});
