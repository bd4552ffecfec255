/**
 * On/off and dim schedules (LEDMatrix shape): `{enabled, mode: global|per-day, start_time,
 * end_time, days: {monday: {enabled, start_time, end_time}, ...}}` with `HH:MM` times; the dim
 * schedule adds `dim_brightness` 0–100. A window whose start is after its end crosses midnight.
 */
import * as v from 'valibot';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export const SCHEDULE_MODES = ['global', 'per-day', 'per_day'] as const;

const HHMM = 'a time as HH:MM (00:00 to 23:59)';
export const TIME = /^([01]?\d|2[0-3]):[0-5]\d$/;
const time = () => v.optional(v.pipe(v.string(HHMM), v.regex(TIME, HHMM)));
const bool = () => v.optional(v.boolean('true or false'));

const day = v.looseObject({ enabled: bool(), start_time: time(), end_time: time() });

const perDayNeedsADay = (s: { mode?: string; days?: Partial<Record<string, { enabled?: boolean }>> }) =>
  !s.mode || s.mode === 'global' || WEEKDAYS.some((d) => s.days?.[d] && s.days[d]!.enabled !== false);

const base = {
  enabled: bool(),
  mode: v.optional(v.picklist(SCHEDULE_MODES, `one of ${SCHEDULE_MODES.join(', ')}`)),
  start_time: time(),
  end_time: time(),
  days: v.optional(
    v.strictObject(
      Object.fromEntries(WEEKDAYS.map((d) => [d, v.optional(day)])) as Record<
        (typeof WEEKDAYS)[number],
        v.OptionalSchema<typeof day, undefined>
      >,
      `an object keyed by weekday (${WEEKDAYS.join(', ')})`,
    ),
  ),
};

const PER_DAY = 'at least one enabled day in per-day mode';

export const scheduleSchema = v.pipe(
  v.looseObject(base),
  v.check((s) => perDayNeedsADay(s as never), PER_DAY),
);

export const dimScheduleSchema = v.pipe(
  v.looseObject({
    ...base,
    dim_brightness: v.optional(
      v.pipe(
        v.number('an integer from 0 to 100'),
        v.integer('an integer from 0 to 100'),
        v.minValue(0, 'an integer from 0 to 100'),
        v.maxValue(100, 'an integer from 0 to 100'),
      ),
    ),
  }),
  v.check((s) => perDayNeedsADay(s as never), PER_DAY),
);

export const SCHEDULE_DEFAULTS = {
  schedule: { enabled: false, mode: 'global', start_time: '07:00', end_time: '23:00' },
  dim_schedule: { enabled: false, mode: 'global', dim_brightness: 30, start_time: '20:00', end_time: '07:00' },
} as const;
