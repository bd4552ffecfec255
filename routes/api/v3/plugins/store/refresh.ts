import * as v from 'valibot';
import { AppError } from '../../../../../core/platform/errors/app-error.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { operationResponse } from '../../../../../core/http/responses/operation.ts';
import { enqueueRefresh } from '../../../../../core/registry/refresh-queue.ts';

export const POST = defineRoute({
  summary: 'Refresh the registry sources (an operation)',
  description:
    'Queues a store-refresh operation (key store-refresh:<source> or store-refresh:all) and waits for it, bounded like other quick operations: 200 with the finished operation (its result holds plugin_count, per-source outcomes and updates available), or 202 with its id and a Location to follow. An identical refresh already pending is returned instead of a new one. Without `source` every source is refreshed.',
  tags: ['store'],
  body: v.optional(
    v.object({
      source: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2048))),
      /** LEDMatrix's flag; GitHub facts are refreshed after any change anyway. */
      fetch_commit_info: v.optional(v.boolean()),
    }),
  ),
  responses: {
    200: { description: 'The finished operation (status completed or failed) with its result' },
    202: {
      description: 'Still running: the operation id and status; Location points at the operation',
      data: v.object({ operation_id: v.string(), status: v.string() }),
    },
  },
  errors: ['NOT_FOUND', 'QUEUE_FULL'],
  handler: async (c, { body }) => {
    const { services } = c.var;
    if (body?.source && !services.registry.source(body.source)) {
      throw new AppError('NOT_FOUND', {
        message: `No registry source ${body.source}`,
        context: { source: body.source, sources: services.registry.sources().map((s) => s.def.id) },
      });
    }
    const { operation } = enqueueRefresh(services, body?.source, 'api');
    const r = await services.queue.waitFor(operation.id, undefined, c.req.raw.signal);
    return operationResponse(c, r, r.finished ? undefined : 'Plugin store refresh queued');
  },
});
