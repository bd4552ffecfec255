import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openComponentPage, type TestBrowser } from './support/browser.ts';
import { field, mountForm, save, SCHEMA } from './support/form-fixture.ts';
import { startTestServer, type TestServer } from './support/server.ts';

// <mq-schema-form> in Chromium, one field type at a time: what it draws and what a save sends.

let server: TestServer;
let browser: TestBrowser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  page = await openComponentPage(browser.context, server.url, server.web.deps.settings.uiDir);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('each property is drawn by its type', () => {
  it('with its kind, label, help text and default', async () => {
    await mountForm(page);
    const kinds = await page
      .locator('mq-schema-form [data-path]')
      .evaluateAll((els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-kind')])),
      );
    expect(kinds).toMatchObject({
      enabled: 'boolean',
      city: 'text',
      display_duration: 'integer',
      brightness: 'number',
      units: 'enum',
      size: 'enum',
      text_color: 'color-rgb',
      accent: 'color-hex',
      start_time: 'time',
      end_time: 'time',
      quiet_from: 'time',
      api_key: 'secret',
      tags: 'list',
      leagues: 'checkbox-group',
      feeds: 'table',
      'feeds.0.url': 'text',
      location: 'object',
      'location.coords.lat': 'number',
      update_interval: 'integer',
      images: 'unsupported',
    });
    expect(kinds).not.toHaveProperty('legacy_zoom');
    expect(await field(page, 'city').locator('label').innerText()).toBe('City *');
    expect(await field(page, 'display_duration').locator('label').innerText()).toBe('Display duration');
    const help = field(page, 'city').locator('.help');
    expect(await help.innerText()).toBe('City name for weather data');
    expect(await field(page, 'city').locator('input').getAttribute('aria-describedby')).toBe(
      await help.getAttribute('id'),
    );
    // Missing from the stored value: shown with the schema's default.
    expect(await field(page, 'brightness').locator('input[type="number"]').inputValue()).toBe('0.5');
    expect(await field(page, 'location.country').locator('input').inputValue()).toBe('US');
    expect(await page.locator('mq-schema-form button[type="submit"]').isDisabled()).toBe(true);
  });

  it('strings: typing marks the form changed; the save sends only the change', async () => {
    await mountForm(page);
    await field(page, 'city').locator('input').fill('Paris');
    expect(await page.locator('mq-schema-form .actions [role="status"]').innerText()).toBe('Unsaved changes');
    expect((await save(page))!.changes).toEqual({ city: 'Paris' });
    expect(await page.evaluate(() => (window as any).dirty)).toEqual([true]);
  });

  it('integers and numbers: the range is on the control, a value outside it is refused beside the field', async () => {
    await mountForm(page);
    const input = field(page, 'display_duration').locator('input[type="number"]');
    expect([
      await input.getAttribute('min'),
      await input.getAttribute('max'),
      await input.getAttribute('step'),
    ]).toEqual(['5', '300', '1']);
    expect(await field(page, 'display_duration').locator('.range').innerText()).toBe('5 to 300');
    await input.fill('500');
    expect(await save(page)).toBeUndefined();
    expect(await field(page, 'display_duration').locator('.field-error').innerText()).toBe(
      'Display duration must be at most 300',
    );
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    await input.fill('12.5');
    expect(await field(page, 'display_duration').locator('.field-error').count()).toBe(0);
    expect(await save(page)).toBeUndefined();
    expect(await field(page, 'display_duration').locator('.field-error').innerText()).toBe(
      'Display duration must be a whole number',
    );
    await input.fill('45');
    await field(page, 'brightness').locator('input[type="number"]').fill('1.25');
    expect((await save(page))!.changes).toEqual({ display_duration: 45, brightness: 1.25 });
  });

  it('booleans: a switch sends true or false', async () => {
    await mountForm(page);
    const box = field(page, 'enabled').locator('input[type="checkbox"]');
    expect(await box.getAttribute('role')).toBe('switch');
    await field(page, 'enabled').locator('label').click();
    expect((await save(page))!.changes).toEqual({ enabled: false });
  });

  it('enums: options show x-options labels and send the value with its type', async () => {
    await mountForm(page);
    const units = field(page, 'units').locator('select');
    expect(await units.locator('option').allInnerTexts()).toEqual(['Fahrenheit (°F)', 'Celsius (°C)']);
    await units.selectOption({ label: 'Celsius (°C)' });
    await field(page, 'size').locator('select').selectOption({ label: 'Large' });
    expect((await save(page))!.changes).toEqual({ units: 'metric', size: 32 });
  });

  it('colours: an [r, g, b] array and a hex string, each with a picker and a typed value', async () => {
    await mountForm(page);
    const rgb = field(page, 'text_color');
    expect(await rgb.locator('input[type="color"]').inputValue()).toBe('#008246');
    expect(await rgb.locator('.muted').innerText()).toBe('rgb(0, 130, 70)');
    await rgb.locator('input.hex').fill('#FF0000');
    await rgb.locator('input.hex').press('Enter');
    await field(page, 'accent').locator('input[type="color"]').fill('#00ff00');
    expect((await save(page))!.changes).toEqual({ text_color: [255, 0, 0], accent: '#00ff00' });
  });

  it('times: format time, an HH:MM pattern and the time-picker hint all use the time control', async () => {
    await mountForm(page);
    for (const path of ['start_time', 'end_time', 'quiet_from'])
      expect(await field(page, path).locator('input').getAttribute('type')).toBe('time');
    expect(await field(page, 'start_time').locator('input').inputValue()).toBe('07:00');
    await field(page, 'start_time').locator('input').fill('22:30');
    await field(page, 'quiet_from').locator('input').fill('01:05');
    expect((await save(page))!.changes).toEqual({ start_time: '22:30', quiet_from: '01:05' });
  });

  it('arrays of scalars: add (focus moves to the new item), fill, remove, up to maxItems', async () => {
    await mountForm(page);
    const tags = field(page, 'tags');
    expect(await tags.locator('.empty').innerText()).toBe('None yet.');
    for (const tag of ['a', 'b', 'c']) {
      await tags.locator('button.add').click();
      await page.keyboard.type(tag);
    }
    expect(await tags.locator('button.add').isDisabled()).toBe(true);
    await tags.locator('button[aria-label="Remove Tags 1"]').click();
    expect(await tags.locator('input').evaluateAll((is) => is.map((i) => (i as HTMLInputElement).value))).toEqual([
      'b',
      'c',
    ]);
    expect((await save(page))!.changes).toEqual({ tags: ['b', 'c'] });
  });

  it('arrays of choices: checkboxes with labels; a value no longer offered stays visible to be removed', async () => {
    await mountForm(page, SCHEMA, { leagues: ['nhl', 'nfl'] });
    const leagues = field(page, 'leagues');
    expect(await leagues.locator('label').allInnerTexts()).toEqual(['NFL', 'NBA', 'MLB', 'nhl (no longer offered)']);
    await leagues.locator('label', { hasText: 'MLB' }).click();
    await leagues.locator('label', { hasText: 'nhl' }).click();
    expect((await save(page))!.changes).toEqual({ leagues: ['nfl', 'mlb'] });
  });

  it('arrays of objects: a table with a column per property, rows added with defaults and removed', async () => {
    await mountForm(page);
    const feeds = field(page, 'feeds');
    expect(await feeds.locator('thead th').allInnerTexts()).toEqual(['Name', 'URL', 'Max', 'Token', 'Actions']);
    await feeds.locator('button.add').click();
    expect(await field(page, 'feeds.1.max').locator('input').inputValue()).toBe('5');
    await page.keyboard.type('Sport');
    await field(page, 'feeds.1.url').locator('input').fill('https://sport.example.invalid/rss');
    let sent = (await save(page))!;
    // The row's untouched secret keeps the server's mask, which the server reads as "unchanged".
    expect(sent.changes.feeds).toEqual([
      { name: 'News', url: 'https://news.example.invalid/rss', max: 5, token: '••••••••' },
      { name: 'Sport', url: 'https://sport.example.invalid/rss', max: 5 },
    ]);
    await feeds.locator('button[aria-label="Remove row 1"]').click();
    sent = (await save(page))!;
    expect(sent.changes.feeds).toEqual([{ name: 'Sport', url: 'https://sport.example.invalid/rss', max: 5 }]);
  });

  it('nested objects: fieldsets with their legend; a nested change sends just that branch', async () => {
    await mountForm(page);
    expect(await field(page, 'location').locator('legend').first().innerText()).toBe('Location');
    await field(page, 'location.city').locator('input').fill('Boston');
    await field(page, 'location.coords.lat').locator('input').fill('42.36');
    expect((await save(page))!.changes).toEqual({ location: { city: 'Boston', coords: { lat: 42.36 } } });
  });

  it('advanced, hidden and unsupported fields: folded, not drawn, and kept as they are on save', async () => {
    await mountForm(page);
    const details = page.locator('mq-schema-form details.advanced');
    expect(await details.getAttribute('open')).toBeNull();
    expect(await field(page, 'update_interval').isVisible()).toBe(false);
    await details.locator('summary').click();
    expect(await field(page, 'update_interval').isVisible()).toBe(true);
    expect(await field(page, 'images').locator('pre').innerText()).toContain('uploads/a.png');
    await field(page, 'city').locator('input').fill('Lyon');
    const { config } = (await save(page))!;
    expect(config).toMatchObject({
      legacy_zoom: 4,
      images: [{ path: 'uploads/a.png' }],
      unknown_key: 'kept',
      city: 'Lyon',
    });
  });
});
