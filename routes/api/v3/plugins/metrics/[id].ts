import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { metricsView, oneHealth, healthSource } from '../../../../../core/display/web/health.ts';
import { idParams, metricsSchema } from '../../../../../core/display/web/schemas.ts';

export const GET = defineRoute({
  summary: "One plugin's update and render timings",
  tags: ['plugins'],
  params: idParams,
  pluginParam: 'id',
  responses: { 200: { description: 'Timings', data: metricsSchema } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { params }) => {
    const { services } = c.var;
    const { row, live } = oneHealth(healthSource(services), params.id);
    return ok(c, metricsView(params.id, row, live));
  },
});
