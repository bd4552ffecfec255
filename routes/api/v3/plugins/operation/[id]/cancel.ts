import { defineRoute } from '../../../../../../core/http/route.ts';
import { operationResponse } from '../../../../../../core/http/responses/operation.ts';
import { operationParams } from '../../../../../../core/queue/schemas.ts';

export const POST = defineRoute({
  summary: 'Cancel an operation',
  description:
    'A pending operation is cancelled at once. A running one is aborted: its executor rolls back its partial work and the operation ends cancelled; the request waits for that (bounded) and answers 202 if it takes longer. A finished one answers 409.',
  tags: ['operations'],
  params: operationParams,
  responses: {
    200: { description: 'The operation, now cancelled (or finished before the abort reached it)' },
    202: { description: '{operation_id, status}: the abort is under way; Location points at the operation' },
  },
  errors: ['OPERATION_NOT_FOUND', 'OPERATION_NOT_CANCELLABLE'],
  handler: async (c, { params }) => {
    const { queue } = c.var.services;
    const op = queue.cancel(params.id);
    const r =
      op.status === 'running'
        ? await queue.waitFor(op.id, undefined, c.req.raw.signal)
        : { operation: op, finished: true };
    return operationResponse(c, r, r.operation.status === 'cancelled' ? 'Operation cancelled' : undefined);
  },
});
