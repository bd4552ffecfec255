import type { Page } from 'playwright-core';

/** A plugin schema with every kind of field the form draws, in LEDMatrix's conventions. */
export const SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['city'],
  properties: {
    enabled: { type: 'boolean', default: true, title: 'Enabled' },
    city: { type: 'string', title: 'City', description: 'City name for weather data', default: 'Dallas', minLength: 1 },
    display_duration: { type: 'integer', minimum: 5, maximum: 300, default: 30, description: 'Seconds per mode' },
    brightness: { type: 'number', minimum: 0.1, maximum: 1.5, default: 0.5 },
    units: {
      type: 'string',
      enum: ['imperial', 'metric'],
      default: 'imperial',
      'x-options': { labels: { imperial: 'Fahrenheit (°F)', metric: 'Celsius (°C)' } },
    },
    size: {
      type: 'integer',
      enum: [8, 16, 32],
      default: 16,
      x_options: { labels: { 8: 'Small', 16: 'Medium', 32: 'Large' } },
    },
    text_color: {
      type: 'array',
      title: 'Text colour',
      items: { type: 'integer', minimum: 0, maximum: 255 },
      minItems: 3,
      maxItems: 3,
      default: [0, 130, 70],
    },
    accent: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$', default: '#ffaa00' },
    start_time: { type: 'string', format: 'time', default: '07:00' },
    end_time: { type: 'string', pattern: '^([01]?[0-9]|2[0-3]):[0-5][0-9]$', default: '23:00' },
    quiet_from: { type: 'string', 'x-widget': 'time-picker' },
    api_key: { type: 'string', 'x-secret': true, title: 'API key', description: 'From your weather account' },
    backup_key: { type: 'string', 'x-secret': true },
    tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
    leagues: {
      type: 'array',
      items: { type: 'string', enum: ['nfl', 'nba', 'mlb'] },
      'x-options': { labels: { nfl: 'NFL', nba: 'NBA', mlb: 'MLB' } },
    },
    feeds: {
      type: 'array',
      title: 'Feeds',
      items: {
        type: 'object',
        required: ['url'],
        properties: {
          name: { type: 'string', title: 'Name' },
          url: { type: 'string', format: 'uri', title: 'URL' },
          max: { type: 'integer', minimum: 1, default: 5, title: 'Max' },
          token: { type: 'string', 'x-secret': true, title: 'Token' },
        },
      },
    },
    location: {
      type: 'object',
      title: 'Location',
      properties: {
        city: { type: 'string', title: 'City' },
        country: { type: 'string', default: 'US' },
        coords: { type: 'object', properties: { lat: { type: 'number', minimum: -90, maximum: 90 } } },
      },
    },
    update_interval: { type: 'integer', minimum: 300, default: 1800, 'x-advanced': true },
    legacy_zoom: { type: 'integer', 'x-display': 'hidden', default: 6 },
    images: { type: 'array', 'x-widget': 'file-upload', items: { type: 'object' } },
  },
} as const;

/** A stored config as the server returns it: secrets masked, some defaults missing, a hand-added key. */
export const VALUE = {
  enabled: true,
  city: 'Dallas',
  api_key: '••••••••',
  backup_key: '',
  feeds: [{ name: 'News', url: 'https://news.example.invalid/rss', max: 5, token: '••••••••' }],
  location: { city: 'Austin' },
  legacy_zoom: 4,
  images: [{ path: 'uploads/a.png' }],
  unknown_key: 'kept',
};

export interface Saved {
  changes: Record<string, any>;
  config: Record<string, any>;
}

/** Mounts a fresh `<mq-schema-form>` in the test page, recording its save and dirty events. */
export async function mountForm(page: Page, schema: unknown = SCHEMA, value: unknown = VALUE, errors: unknown[] = []) {
  await page.evaluate(
    ({ schema, value, errors }) => {
      const w = window as any;
      w.saves = [];
      w.dirty = [];
      const root = document.getElementById('root')!;
      root.replaceChildren();
      const form = document.createElement('mq-schema-form') as any;
      form.schema = schema;
      form.value = value;
      form.errors = errors;
      form.addEventListener('mq-save', (e: any) => w.saves.push({ changes: e.changes, config: e.config }));
      form.addEventListener('mq-dirty-change', (e: any) => w.dirty.push(e.detail.dirty));
      root.append(form);
      return form.updateComplete;
    },
    { schema, value, errors },
  );
  return page.locator('mq-schema-form');
}

/** Clicks Save and returns what the form sent (or nothing, if it refused). */
export async function save(page: Page): Promise<Saved | undefined> {
  const before = await page.evaluate(() => (window as any).saves.length);
  await page.locator('mq-schema-form button[type="submit"]').click();
  await page.evaluate(() => (document.querySelector('mq-schema-form') as any).updateComplete);
  const saves = await page.evaluate(() => (window as any).saves);
  return saves.length > before ? saves.at(-1) : undefined;
}

export const field = (page: Page, path: string) => page.locator(`mq-schema-form [data-path="${path}"]`);
