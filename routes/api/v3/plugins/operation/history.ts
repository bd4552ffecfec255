import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { publicOperation } from '../../../../../core/http/responses/operation.ts';
import { historyQuery } from '../../../../../core/queue/schemas.ts';

export const GET = defineRoute({
  summary: 'Operation history, newest first',
  description:
    'Filters: plugin_id, operation_type, status. Paging: pass the last operation_id of a page as `before` (or an ISO time). `limit` is 1–1000 (default 50); anything else is a 400.',
  tags: ['operations'],
  query: historyQuery,
  responses: { 200: { description: 'Operations (a bare array, as in LEDMatrix); metadata.next_before pages on' } },
  handler: (c, { query }) => {
    const ops = c.var.services.queue.history({
      limit: query.limit,
      key: query.plugin_id,
      kind: query.operation_type,
      status: query.status,
      before: query.before,
    });
    const next = ops.length === query.limit ? ops.at(-1)!.id : null;
    return ok(c, ops.map(publicOperation), { metadata: { count: ops.length, next_before: next } });
  },
});

export const DELETE = defineRoute({
  summary: 'Clear the history of finished operations',
  description: 'Removes completed, failed and cancelled operations; pending and running ones are kept.',
  tags: ['operations'],
  responses: { 200: { description: '{deleted}' } },
  handler: (c) => {
    const deleted = c.var.services.queue.clearHistory();
    return ok(c, { deleted }, { message: 'Operation history cleared' });
  },
});
