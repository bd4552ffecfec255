import { ok } from '../../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../../core/http/route.ts';
import { notFound } from '../../../../../../core/queue/index.ts';
import { operationParams } from '../../../../../../core/queue/schemas.ts';

export const GET = defineRoute({
  summary: "An operation's progress and log lines, oldest first",
  tags: ['operations'],
  params: operationParams,
  responses: { 200: { description: '[{id, at, type, attempt, progress, stage, message}]' } },
  errors: ['OPERATION_NOT_FOUND'],
  handler: (c, { params }) => {
    const { queue } = c.var.services;
    if (!queue.get(params.id)) throw notFound(params.id);
    const rows = queue.events(params.id).map((e) => ({
      id: e.id,
      at: new Date(e.at).toISOString(),
      type: e.type,
      attempt: e.attempt,
      progress: e.progress,
      stage: e.stage,
      message: e.message,
    }));
    return ok(c, rows);
  },
});
