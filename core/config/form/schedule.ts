/**
 * Schedule requests as LEDMatrix clients send them, turned into the stored shape: JSON with
 * `days`, or flat per-day fields (`monday_enabled`, `monday_start`, `monday_end`) from JSON or a
 * form, where booleans and numbers arrive as strings. Values that do not convert are passed on as
 * they came, so validation names them.
 */
import { isPlainObject } from '../plan/merge.ts';
import { WEEKDAYS } from '../schema/schedule.ts';
import type { JsonObject } from '../types.ts';

const TRUE = /^(true|1|on|yes)$/i;
const FALSE = /^(false|0|off|no|)$/i;

const toBool = (v: unknown) => (typeof v === 'string' ? (TRUE.test(v) ? true : FALSE.test(v) ? false : v) : v);
const toNumber = (v: unknown) =>
  typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
const DAY_FIELD = new RegExp(`^(${WEEKDAYS.join('|')})_(enabled|start|end|start_time|end_time)$`);

export function normaliseSchedule(input: JsonObject): JsonObject {
  const out: JsonObject = {};
  const days: Record<string, JsonObject> = {};
  for (const [key, value] of Object.entries(input)) {
    const day = DAY_FIELD.exec(key);
    if (day) {
      const field = day[2] === 'enabled' ? 'enabled' : day[2]!.startsWith('start') ? 'start_time' : 'end_time';
      (days[day[1]!] ??= {})[field] = field === 'enabled' ? toBool(value) : value;
    } else if (key === 'enabled') out.enabled = toBool(value);
    else if (key === 'dim_brightness') out.dim_brightness = toNumber(value);
    else if (key === 'days' && isPlainObject(value)) {
      for (const [d, v] of Object.entries(value))
        days[d] = isPlainObject(v)
          ? { ...v, ...('enabled' in v ? { enabled: toBool(v.enabled) } : {}) }
          : (v as JsonObject);
    } else out[key] = value;
  }
  if (Object.keys(days).length) {
    // LEDMatrix: a day given without `_enabled` counts as enabled.
    for (const d of Object.values(days)) if (isPlainObject(d) && !('enabled' in d)) d.enabled = true;
    out.days = days;
    out.mode ??= 'per-day';
  }
  return out;
}
