import * as v from 'valibot';
import { OPERATION_STATUSES } from '../../db/schema/queue.ts';
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from './history.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const operationId = v.pipe(v.string('an operation id (UUID)'), v.regex(UUID, 'an operation id (UUID)'));

export const operationParams = v.object({ id: operationId });

const limitMsg = `an integer from 1 to ${HISTORY_MAX_LIMIT}`;
const isTime = (s: string) => /^\d{4}-\d{2}-\d{2}/.test(s) && Number.isFinite(Date.parse(s));

/** `GET /api/v3/plugins/operation/history` query: every value checked; a bad one is a 400, never a silent default. */
export const historyQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(limitMsg),
      v.regex(/^\d+$/, limitMsg),
      v.transform(Number),
      v.minValue(1, limitMsg),
      v.maxValue(HISTORY_MAX_LIMIT, limitMsg),
    ),
    String(HISTORY_DEFAULT_LIMIT),
  ),
  plugin_id: v.optional(
    v.pipe(v.string('a plugin id'), v.minLength(1, 'a plugin id'), v.maxLength(200, 'a plugin id')),
  ),
  operation_type: v.optional(
    v.pipe(v.string('an operation type'), v.regex(/^[a-z][a-z0-9-]{0,63}$/, 'an operation type (e.g. install)')),
  ),
  status: v.optional(v.picklist(OPERATION_STATUSES, `one of ${OPERATION_STATUSES.join(' | ')}`)),
  before: v.optional(
    v.pipe(
      v.string('an operation id or an ISO 8601 time'),
      v.check((s) => UUID.test(s) || isTime(s), 'an operation id or an ISO 8601 time'),
      v.transform((s): string | number => (UUID.test(s) ? s.toLowerCase() : Date.parse(s))),
    ),
  ),
});
