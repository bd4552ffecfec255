/** The query of `GET /api/v3/logs` and `GET /api/v3/stream/logs`: each value checked, a bad one is a 400. */
import * as v from 'valibot';
import { LOG_SOURCES } from '../platform/log-ring.ts';
import { LOG_FILTER_LEVELS } from './filter.ts';

export const LOGS_DEFAULT_LIMIT = 100;
export const LOGS_MAX_LIMIT = 1_000;

const count = (max: number) => {
  const msg = `an integer from 1 to ${max}`;
  return v.pipe(
    v.string(msg),
    v.check((s) => /^\d{1,7}$/.test(s) && Number(s) >= 1 && Number(s) <= max, msg),
    v.transform(Number),
  );
};
const oneOf = <T extends readonly string[]>(options: T) => {
  const msg = `one of ${options.join(' | ')}`;
  return v.pipe(
    v.string(msg),
    v.check((s) => options.includes(s), msg),
    v.transform((s) => s as T[number]),
  );
};
const idMsg = 'a line id (a whole number)';

export const logsQuery = v.object({
  level: v.optional(oneOf(LOG_FILTER_LEVELS)),
  process: v.optional(oneOf(LOG_SOURCES)),
  plugin: v.optional(
    v.pipe(
      v.string('a plugin id'),
      v.check((s) => /^[a-z0-9][a-z0-9._-]{0,63}$/.test(s), 'a plugin id (lowercase letters, digits, ".", "_", "-")'),
    ),
  ),
  limit: v.optional(count(LOGS_MAX_LIMIT), String(LOGS_DEFAULT_LIMIT)),
  after: v.optional(
    v.pipe(
      v.string(idMsg),
      v.check((s) => /^\d{1,15}$/.test(s), idMsg),
      v.transform(Number),
    ),
  ),
});

export type LogsQuery = v.InferOutput<typeof logsQuery>;

const line = v.object({
  id: v.number(),
  time: v.string(),
  level: v.picklist(LOG_FILTER_LEVELS),
  source: v.picklist(LOG_SOURCES),
  plugin: v.nullable(v.string()),
  msg: v.string(),
  fields: v.record(v.string(), v.unknown()),
});

/** `data` of `GET /api/v3/logs`: LEDMatrix's `logs` text, and the same lines structured. */
export const logsData = v.object({ logs: v.string(), lines: v.array(line), last_id: v.number() });
