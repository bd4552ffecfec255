import fs from 'node:fs';
import path from 'node:path';

/** A plugin folder as the plugin store leaves it: manifest.json and, when given, config_schema.json. */
export function writePlugin(pluginsDir: string, id: string, schema?: Record<string, unknown>): string {
  const dir = path.join(pluginsDir, id);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({ id, name: id, version: '1.0.0', entry_point: 'index.js', display_modes: [id] }),
  );
  if (schema) fs.writeFileSync(path.join(dir, 'config_schema.json'), JSON.stringify(schema, null, 2));
  return dir;
}

/** A weather-like schema with secrets at the top level, in a nested object and in a list of objects. */
export const WEATHER_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    enabled: { type: 'boolean', default: false },
    city: { type: 'string', default: 'Dallas' },
    units: { type: 'string', enum: ['imperial', 'metric'], default: 'imperial' },
    update_interval: { type: 'integer', minimum: 60, maximum: 86400, default: 1800 },
    api_key: { type: 'string', 'x-secret': true },
    provider: {
      type: 'object',
      properties: {
        name: { type: 'string', default: 'owm' },
        credentials: {
          type: 'object',
          properties: { client_secret: { type: 'string', 'x-secret': true } },
        },
      },
    },
    accounts: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, token: { type: 'string', 'x-secret': true } },
        required: ['name'],
      },
      default: [],
    },
  },
  required: ['city'],
  additionalProperties: false,
};
