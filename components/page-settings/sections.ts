import type { ApiClient, ApiResult, Problem } from '../lib/api.ts';
import type { SaveValues } from '../schema-form/changes.ts';
import type { JsonSchema } from '../schema-form/schema.ts';
import { int, panelSchema } from './panel-schema.ts';
import { scheduleSchema } from './schedule-schema.ts';

type Config = Record<string, unknown>;

/**
 * One card of the Settings page: a part of config.json drawn as a form. A card is either one
 * section (`section`: the form edits its content, problems lose the section's prefix) or several
 * whole keys (`keys`: the form edits `{key: value}` and problems keep their paths).
 */
export interface SettingsCard {
  id: string;
  title: string;
  description?: string;
  section?: string;
  keys?: readonly string[];
  schema: JsonSchema;
  save(api: ApiClient, values: SaveValues): Promise<ApiResult<unknown>>;
}

const secret = (title: string, description: string): JsonSchema => ({
  type: 'string',
  'x-secret': true,
  title,
  description,
});

const locationSchema: JsonSchema = {
  type: 'object',
  properties: {
    timezone: {
      type: 'string',
      title: 'Time zone',
      description: 'An IANA name, such as Europe/Berlin or America/Chicago.',
    },
    location: {
      type: 'object',
      title: 'Location',
      description: 'Used by plugins such as weather and sunrise.',
      properties: {
        city: { type: 'string', title: 'City' },
        state: { type: 'string', title: 'State or region' },
        country: { type: 'string', title: 'Country' },
        lat: { type: 'number', title: 'Latitude', minimum: -90, maximum: 90 },
        lon: { type: 'number', title: 'Longitude', minimum: -180, maximum: 180 },
      },
    },
  },
};

const githubSchema: JsonSchema = {
  type: 'object',
  properties: {
    api_token: secret(
      'GitHub token',
      'Raises the GitHub rate limit for the store. Write-only: it is never shown again.',
    ),
    webhook_secret: secret(
      'Registry webhook secret',
      'Shared secret of the registry webhook (/api/v3/webhooks/registry); without one the webhook is off. Write-only.',
    ),
  },
};

const saveMain = (api: ApiClient, patch: Config) => api.post('/api/v3/config/main', patch);
/** The whole section: switching to per-day mode must send the days the form shows, stored or not. */
const saveSchedule = (path: string) => (api: ApiClient, v: SaveValues) => api.post(path, v.config);

export const SETTINGS_CARDS: readonly SettingsCard[] = [
  {
    id: 'display',
    title: 'Panel',
    section: 'display',
    schema: panelSchema,
    save: (api, v) => saveMain(api, { display: v.changes }),
  },
  {
    id: 'schedule',
    title: 'On/off schedule',
    description: 'Outside the window the panel is dark.',
    section: 'schedule',
    schema: scheduleSchema('07:00', '23:00'),
    save: saveSchedule('/api/v3/config/schedule'),
  },
  {
    id: 'dim_schedule',
    title: 'Dim schedule',
    description: 'Inside the window the panel runs at the dim brightness.',
    section: 'dim_schedule',
    schema: scheduleSchema('20:00', '07:00', {
      dim_brightness: int('Dim brightness (%)', 0, 100, 30, { 'x-widget': 'slider' }),
    }),
    save: saveSchedule('/api/v3/config/dim-schedule'),
  },
  {
    id: 'location',
    title: 'Time zone and location',
    keys: ['timezone', 'location'],
    schema: locationSchema,
    save: (api, v) => saveMain(api, v.changes),
  },
  {
    id: 'github',
    title: 'Store access',
    section: 'github',
    schema: githubSchema,
    save: (api, v) => saveMain(api, { github: v.changes }),
  },
];

const isObject = (v: unknown): v is Config => !!v && typeof v === 'object' && !Array.isArray(v);

/** What a card's form edits, taken from the whole configuration. */
export function cardValue(card: SettingsCard, config: Config): Config {
  if (card.section) return isObject(config[card.section]) ? (config[card.section] as Config) : {};
  return Object.fromEntries((card.keys ?? []).filter((k) => k in config).map((k) => [k, config[k]]));
}

/** The server's problems as paths into the card's form (`display.hardware.rows` → `hardware.rows`). */
export function cardProblems(card: SettingsCard, problems: readonly Problem[]): Problem[] {
  if (!card.section) return [...problems];
  const prefix = `${card.section}.`;
  return problems.map((p) =>
    p.field === card.section
      ? { ...p, field: '(root)' }
      : p.field.startsWith(prefix)
        ? { ...p, field: p.field.slice(prefix.length) }
        : p,
  );
}
