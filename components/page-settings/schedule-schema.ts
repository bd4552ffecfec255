import type { JsonSchema } from '../schema-form/schema.ts';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const time = (title: string, fallback: string): JsonSchema => ({
  type: 'string',
  format: 'time',
  title,
  default: fallback,
});

/** The on/off or dim schedule (LEDMatrix's shape): one window for every day, or one per day. */
export function scheduleSchema(on: string, off: string, extra: Record<string, JsonSchema> = {}): JsonSchema {
  const day = (name: string): JsonSchema => ({
    type: 'object',
    title: name.charAt(0).toUpperCase() + name.slice(1),
    properties: {
      enabled: { type: 'boolean', title: 'On this day', default: true },
      start_time: time('From', on),
      end_time: time('Until', off),
    },
  });
  return {
    type: 'object',
    'x-propertyOrder': ['enabled', ...Object.keys(extra), 'mode', 'start_time', 'end_time', 'days'],
    properties: {
      enabled: { type: 'boolean', title: 'Use this schedule', default: false },
      ...extra,
      mode: {
        type: 'string',
        title: 'Days',
        enum: ['global', 'per-day'],
        default: 'global',
        'x-options': { labels: { global: 'The same window every day', 'per-day': 'A window per day' } },
      },
      start_time: time('From', on),
      end_time: time('Until', off),
      days: {
        type: 'object',
        title: 'Per day',
        description: 'Used when Days is "A window per day". A window whose start is after its end runs past midnight.',
        'x-collapsed': true,
        properties: Object.fromEntries(WEEKDAYS.map((d) => [d, day(d)])),
      },
    },
  };
}
