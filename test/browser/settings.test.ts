import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStoreSecrets } from '../../core/registry/secrets.ts';
import { collectPageErrors, launchBrowser, type TestBrowser } from './support/browser.ts';
import { startTestServer, type TestServer } from './support/server.ts';
import { settingsPage } from './support/settings-page.ts';

// The Settings page against the real server: its sections, the store's secrets, backups and
// rollback, checked in the real config.json and config_secrets.json on disk. The forms' refusals
// and the schedules are settings-forms.test.ts.

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

const { stored, card, field, saveCard, saved, open, reopen } = settingsPage(() => ({ page, server }));

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
