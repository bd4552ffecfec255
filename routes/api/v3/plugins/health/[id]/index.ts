import { ok } from '../../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../../core/http/route.ts';
import { healthView, oneHealth, healthSource } from '../../../../../../core/display/web/health.ts';
import { healthSchema, idParams } from '../../../../../../core/display/web/schemas.ts';

export const GET = defineRoute({
  summary: "One plugin's health",
  tags: ['plugins'],
  params: idParams,
  pluginParam: 'id',
  responses: { 200: { description: 'Breaker state, failures, last error', data: healthSchema } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { params }) => {
    const { services } = c.var;
    const { row, live } = oneHealth(healthSource(services), params.id);
    return ok(c, healthView(params.id, row, live));
  },
});
