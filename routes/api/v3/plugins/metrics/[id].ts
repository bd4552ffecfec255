import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { metricsView, oneHealth } from '../../../../../core/display/web/health.ts';
import { idParams, metricsSchema } from '../../../../../core/display/web/schemas.ts';

export const GET = defineRoute({
  summary: "One plugin's update and render timings",
  tags: ['plugins'],
  params: idParams,
  responses: { 200: { description: 'Timings', data: metricsSchema } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { params }) => {
    const { services } = c.var;
    return ok(c, metricsView(params.id, oneHealth(services.db.sqlite, params.id)));
  },
});
