import * as v from 'valibot';
import { AppError } from '../../../../../core/errors/app-error.ts';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { enqueueStoreRefresh } from '../../../../../core/store/refresh-runner.ts';

export const POST = defineRoute({
  summary: 'Refresh the registry sources (an operation)',
  description:
    'Queues a store-refresh operation and answers at once with its id. Without `source` every source is refreshed; `force` (default true) ignores freshness and backoff.',
  tags: ['store'],
  body: v.optional(
    v.object({
      source: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(2048))),
      force: v.optional(v.boolean()),
      /** LEDMatrix's flag; GitHub facts are refreshed after any change anyway. */
      fetch_commit_info: v.optional(v.boolean()),
    }),
  ),
  responses: {
    202: {
      description: 'The operation id and its status',
      data: v.object({ operation_id: v.string(), status: v.string(), coalesced: v.boolean() }),
    },
  },
  errors: ['NOT_FOUND'],
  handler: (c, { body }) => {
    const { deps } = c.var;
    if (body?.source && !deps.store.source(body.source)) {
      throw new AppError('NOT_FOUND', {
        message: `No registry source ${body.source}`,
        context: { source: body.source, sources: deps.store.sources().map((s) => s.def.id) },
      });
    }
    const params = { source_ids: body?.source ? [body.source] : [], force: body?.force ?? true };
    const op = enqueueStoreRefresh(deps, params, 'api');
    return ok(
      c,
      { ...op, plugin_count: deps.store.catalog().entries.length },
      { status: 202, message: 'Plugin store refresh queued' },
    );
  },
});
