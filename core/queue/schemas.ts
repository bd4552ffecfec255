import * as v from 'valibot';
import { OPERATION_STATUSES, type OperationStatus } from '../../db/schema/queue.ts';
import { HISTORY_DEFAULT_LIMIT, HISTORY_MAX_LIMIT } from './history.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// `check` rather than `regex`/`minValue`: its expectation is the sentence a client reads in the 400.
const ID_MSG = 'an operation id (UUID)';
export const operationId = v.pipe(
  v.string(ID_MSG),
  v.check((s) => UUID.test(s), ID_MSG),
);

export const operationParams = v.object({ id: operationId });

const limitMsg = `an integer from 1 to ${HISTORY_MAX_LIMIT}`;
const statusMsg = `one of ${OPERATION_STATUSES.join(' | ')}`;
const isTime = (s: string) => /^\d{4}-\d{2}-\d{2}/.test(s) && Number.isFinite(Date.parse(s));

/** `GET /api/v3/plugins/operation/history` query: every value checked; a bad one is a 400, never a silent default. */
export const historyQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(limitMsg),
      v.check((s) => /^\d{1,7}$/.test(s) && Number(s) >= 1 && Number(s) <= HISTORY_MAX_LIMIT, limitMsg),
      v.transform(Number),
    ),
    String(HISTORY_DEFAULT_LIMIT),
  ),
  plugin_id: v.optional(
    v.pipe(
      v.string('a plugin id'),
      v.check((s) => s.length >= 1 && s.length <= 200, 'a plugin id (1 to 200 characters)'),
    ),
  ),
  operation_type: v.optional(
    v.pipe(
      v.string('an operation type'),
      v.check((s) => /^[a-z][a-z0-9-]{0,63}$/.test(s), 'an operation type (e.g. install)'),
    ),
  ),
  status: v.optional(
    v.pipe(
      v.string(statusMsg),
      v.check((s) => (OPERATION_STATUSES as readonly string[]).includes(s), statusMsg),
      v.transform((s) => s as OperationStatus),
    ),
  ),
  before: v.optional(
    v.pipe(
      v.string('an operation id or an ISO 8601 time'),
      v.check((s) => UUID.test(s) || isTime(s), 'an operation id or an ISO 8601 time'),
      v.transform((s): string | number => (UUID.test(s) ? s.toLowerCase() : Date.parse(s))),
    ),
  ),
});
