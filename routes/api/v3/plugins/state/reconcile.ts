import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { reconcileBodySchema, runSummarySchema } from '../../../../../core/reconcile/schemas.ts';
import { summaryMessage } from '../../../../../core/reconcile/summary.ts';

export const POST = defineRoute({
  summary: 'Run the reconciler now and report what it found',
  description:
    'Body (optional): `{"force": boolean}`. Brings plugins on disk, plugin_state and config.json in line, as the scheduled runs do, and answers when the run ends. A run already in progress is joined. `force` clears every backoff and "not in the registry" mark and re-reads the registry first. A body that is not a JSON object, or `"force": "false"`, means not forced. Reinstalls are queued as operations (see `operation_id` in `fixed`).',
  tags: ['plugins'],
  body: reconcileBodySchema,
  responses: { 200: { description: "The run, with LEDMatrix's summary fields", data: runSummarySchema } },
  errors: ['SERVICE_UNAVAILABLE'],
  handler: async (c, { body }) => {
    const summary = await c.var.services.reconciler.run({ trigger: 'api', force: body.force });
    return ok(c, summary, { message: summaryMessage(summary) });
  },
});
