import { ok } from '../../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../../core/http/route.ts';
import { publicOperation } from '../../../../../../core/http/responses/operation.ts';
import { notFound } from '../../../../../../core/queue/index.ts';
import { operationParams } from '../../../../../../core/queue/schemas.ts';

export const GET = defineRoute({
  summary: 'One operation: status, progress, stage, error, result',
  description:
    'Answers for any operation still in the history, including those from before a restart. Pending and running operations are never pruned.',
  tags: ['operations'],
  params: operationParams,
  responses: { 200: { description: 'The operation (operation_id, operation_type, plugin_id, status, progress, ...)' } },
  errors: ['OPERATION_NOT_FOUND'],
  handler: (c, { params }) => {
    const op = c.var.services.queue.get(params.id);
    if (!op) throw notFound(params.id);
    return ok(c, publicOperation(op));
  },
});
