import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focusedElement, launchBrowser, openComponentPage, type TestBrowser } from './support/browser.ts';
import { field, mountForm, save, SCHEMA, VALUE } from './support/form-fixture.ts';
import { INSTRUMENT_SCRIPT, type LeakCounts } from './support/instrument.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// <mq-schema-form> in Chromium: secrets, problems from the server, reset, discard, leaving with
// unsaved changes, and cleaning up after itself.

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  await browser.context.addInitScript(INSTRUMENT_SCRIPT);
  page = await openComponentPage(browser.context, server.url, server.web.deps.settings.uiDir);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('secrets', () => {
  it('start empty and masked; untouched ones are never sent; typed ones are; Remove sends null', async () => {
    await mountForm(page);
    const apiKey = field(page, 'api_key');
    expect(await apiKey.locator('input').inputValue()).toBe('');
    expect(await apiKey.locator('input').getAttribute('type')).toBe('password');
    expect(await apiKey.locator('input').getAttribute('placeholder')).toContain('unchanged');
    expect(await apiKey.locator('.secret-state').getAttribute('data-secret-state')).toBe('unchanged');
    expect(await field(page, 'backup_key').locator('.secret-state').getAttribute('data-secret-state')).toBe('unset');

    await field(page, 'city').locator('input').fill('Oslo');
    let sent = (await save(page))!;
    expect(sent.changes).toEqual({ city: 'Oslo' });
    expect(sent.config).not.toHaveProperty('api_key');
    expect(sent.config).not.toHaveProperty('backup_key');
    expect(JSON.stringify(sent)).not.toContain('sk-');

    await apiKey.locator('input').fill('sk-new-123');
    expect(await apiKey.locator('.secret-state').getAttribute('data-secret-state')).toBe('new');
    await apiKey.locator('button.show').click();
    expect(await apiKey.locator('input').getAttribute('type')).toBe('text');
    sent = (await save(page))!;
    expect(sent.changes).toEqual({ city: 'Oslo', api_key: 'sk-new-123' });
    expect(sent.config.api_key).toBe('sk-new-123');

    await apiKey.locator('input').fill('');
    await apiKey.locator('button', { hasText: 'Remove' }).click();
    expect(await apiKey.locator('.secret-state').getAttribute('data-secret-state')).toBe('cleared');
    expect((await save(page))!.changes).toEqual({ city: 'Oslo', api_key: null });
    await apiKey.locator('button', { hasText: 'Undo remove' }).click();
    expect((await save(page))!.changes).toEqual({ city: 'Oslo' });
  });

  it('a secret typed in a table row is sent in its row; the other rows keep their mask', async () => {
    await mountForm(page, SCHEMA, {
      ...VALUE,
      feeds: [...VALUE.feeds, { name: 'Two', url: 'https://two.example.invalid', max: 2, token: '••••••••' }],
    });
    await field(page, 'feeds.1.token').locator('input').fill('tok-2');
    const sent = (await save(page))!;
    expect(sent.changes.feeds.map((f: { token: string }) => f.token)).toEqual(['••••••••', 'tok-2']);
  });
});

describe('problems from the server', () => {
  const PROBLEMS = [
    { in: 'body', field: 'location.city', expected: 'a known city', received: '"Atlantis"', message: 'City not found' },
    { field: 'feeds.0.url', message: 'Must be https' },
    { field: '/feeds/0/name', message: 'Too long' },
    { field: 'update_interval', message: 'At least 300' },
    { field: 'feeds.0', message: 'Duplicate feed' },
    { field: 'mystery', message: 'Unknown setting' },
  ];

  it('appear beside their fields, in a summary, with focus on the first one', async () => {
    await mountForm(page, SCHEMA, VALUE, PROBLEMS);
    const city = field(page, 'location.city');
    expect(await city.locator('.field-error').innerText()).toContain('City not found');
    const input = city.locator('input');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    const errId = await city.locator('.field-error').getAttribute('id');
    expect((await input.getAttribute('aria-describedby'))!.split(' ')).toContain(errId);
    expect(await field(page, 'feeds.0.url').locator('.field-error').innerText()).toContain('Must be https');
    expect(await field(page, 'feeds.0.name').locator('.field-error').innerText()).toContain('Too long');
    // A problem with a whole row is shown by its table, naming the row in words.
    expect(await page.locator('mq-schema-form fieldset[data-path="feeds"] > .field-error').innerText()).toBe(
      'Feeds, row 1: Duplicate feed',
    );
    // A folded advanced field with a problem is unfolded.
    expect(await page.locator('mq-schema-form details.advanced').getAttribute('open')).not.toBeNull();
    expect(await field(page, 'update_interval').locator('.field-error').innerText()).toContain('At least 300');
    const summary = page.locator('mq-schema-form .summary');
    expect(await summary.locator('li').count()).toBe(6);
    // Every entry is worded with its field's label, never its key.
    expect(await summary.locator('li.unplaced').innerText()).toBe('Mystery: Unknown setting');
    expect(await summary.locator('li').allInnerTexts()).toContain('URL: Must be https');
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', id: 'f-location.city' });

    // Fixing a field clears its problem; the others stay.
    await input.fill('Bergen');
    expect(await city.locator('.field-error').count()).toBe(0);
    expect(await summary.locator('li').count()).toBe(5);

    // A summary entry takes focus to its field.
    await summary.locator('a', { hasText: 'URL: Must be https' }).click();
    expect(await focusedElement(page)).toMatchObject({ tag: 'input', id: 'f-feeds.0.url' });
  });
});

describe('resetting and discarding', () => {
  it('Reset to defaults asks first, then sets defaults but keeps secrets and the enabled switch', async () => {
    await mountForm(page, SCHEMA, { ...VALUE, enabled: false, city: 'Rome', tags: ['x'], display_duration: 90 });
    page.once('dialog', (d) => d.dismiss());
    await page.locator('mq-schema-form button.reset').click();
    expect(await field(page, 'city').locator('input').inputValue()).toBe('Rome');

    page.once('dialog', (d) => d.accept());
    await page.locator('mq-schema-form button.reset').click();
    expect(await field(page, 'city').locator('input').inputValue()).toBe('Dallas');
    const sent = (await save(page))!;
    expect(sent.changes).toMatchObject({ city: 'Dallas', tags: [], display_duration: 30 });
    expect(sent.changes).not.toHaveProperty('enabled');
    expect(sent.changes).not.toHaveProperty('api_key');
    expect(sent.config.enabled).toBe(false);
  });

  it('Discard changes returns to the stored values', async () => {
    await mountForm(page);
    await field(page, 'city').locator('input').fill('Nice');
    await field(page, 'display_duration').locator('input[type="number"]').fill('77');
    await field(page, 'api_key').locator('input').fill('typed');
    await page.locator('mq-schema-form button.discard').click();
    expect(await field(page, 'city').locator('input').inputValue()).toBe('Dallas');
    expect(await field(page, 'display_duration').locator('input[type="number"]').inputValue()).toBe('30');
    expect(await field(page, 'api_key').locator('input').inputValue()).toBe('');
    expect(await page.locator('mq-schema-form button[type="submit"]').isDisabled()).toBe(true);
    expect(await page.evaluate(() => (window as any).dirty)).toEqual([true, false]);
  });
});

describe('leaving with unsaved changes', () => {
  it('the browser asks before closing or reloading the page', async () => {
    const p = await openComponentPage(browser.context, server.url, server.web.deps.settings.uiDir);
    await mountForm(p);
    await field(p, 'city').locator('input').fill('Changed');
    const dialog = new Promise<string>((resolve) => p.once('dialog', (d) => (resolve(d.type()), d.dismiss())));
    await p.close({ runBeforeUnload: true });
    expect(await dialog).toBe('beforeunload');
    expect(p.isClosed()).toBe(false);
    await mountForm(p);
    await p.close({ runBeforeUnload: true });
    await expect.poll(() => p.isClosed()).toBe(true);
  });

  it('mounting and removing the form 100 times leaves no listener on the window', async () => {
    await mountForm(page);
    await page.evaluate(() => document.getElementById('root')!.replaceChildren());
    const before: LeakCounts = await page.evaluate(() => (window as any).__leaks());
    await page.evaluate(
      async ({ schema, value }) => {
        const root = document.getElementById('root')!;
        for (let i = 0; i < 100; i++) {
          const form = document.createElement('mq-schema-form') as any;
          form.schema = schema;
          form.value = value;
          root.append(form);
          await form.updateComplete;
          form.remove();
        }
      },
      { schema: SCHEMA, value: VALUE },
    );
    const after: LeakCounts = await page.evaluate(() => (window as any).__leaks());
    expect(after.listenerTypes).toEqual(before.listenerTypes);
    expect(after.timeouts).toBe(before.timeouts);
    expect(after.intervals).toBe(before.intervals);
  });
});
