import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { publicOperation } from '../../../../../core/http/responses/operation.ts';
import { historyQuery } from '../../../../../core/queue/schemas.ts';
import { historyType, pluginHistory } from '../../../../../core/plugins/history.ts';

export const GET = defineRoute({
  summary: 'Operation history, newest first',
  description:
    'Filters: plugin_id, operation_type, status. Paging: pass the last operation_id of a page as `before` (or an ISO time). `limit` is 1–1000 (default 50); anything else is a 400. As in LEDMatrix, a toggle is listed as `enable` or `disable` (and `operation_type=enable` finds those); `toggle` finds both.',
  tags: ['operations'],
  query: historyQuery,
  responses: { 200: { description: 'Operations (a bare array, as in LEDMatrix); metadata.next_before pages on' } },
  handler: (c, { query }) => {
    const ops = pluginHistory(c.var.services.queue, {
      limit: query.limit,
      key: query.plugin_id,
      kind: query.operation_type,
      status: query.status,
      before: query.before,
    });
    const next = ops.length === query.limit ? ops.at(-1)!.id : null;
    const shown = ops.map((op) => ({ ...publicOperation(op), operation_type: historyType(op) }));
    return ok(c, shown, { metadata: { count: ops.length, next_before: next } });
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
