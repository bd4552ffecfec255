import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { reconcileBodySchema, runSummarySchema } from '../../../../../core/reconcile/schemas.ts';
import { summaryMessage } from '../../../../../core/reconcile/summary.ts';

export const POST = defineRoute({
  summary: 'Run the reconciler now and report what it found',
  description:
    'Body (optional): `{"force": boolean}`. Brings plugins on disk, plugin_state and config.json in line, as the scheduled runs do, and answers when the run ends. A run is a `reconcile` operation: a run already waiting is joined (made forced if `force`), and one under way is followed by one more, whose findings are answered. `force` makes every repair waiting for its backoff try now and asks again for those that failed (not in any registry, or another terminal error), after one refresh of every registry source. A body that is not a JSON object, or `"force": "false"`, means not forced. Reinstalls are `repair` operations (see `operation_id` in `fixed`).',
  tags: ['plugins'],
  body: reconcileBodySchema,
  responses: { 200: { description: "The run, with LEDMatrix's summary fields", data: runSummarySchema } },
  errors: ['QUEUE_FULL'],
  handler: async (c, { body }) => {
    const summary = await c.var.services.reconciler.run({ trigger: 'api', force: body.force }, c.req.raw.signal);
    return ok(c, summary, { message: summaryMessage(summary) });
  },
});
