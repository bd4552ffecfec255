import { ok } from '../../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../../core/http/route.ts';
import { healthView, resetHealth, healthSource } from '../../../../../../core/display/web/health.ts';
import { healthSchema, idParams } from '../../../../../../core/display/web/schemas.ts';

export const POST = defineRoute({
  summary: "Close a plugin's circuit breaker and lift its quarantine",
  description: 'Stored at once; the running display applies it within a second and starts the plugin again.',
  tags: ['plugins'],
  params: idParams,
  pluginParam: 'id',
  responses: { 200: { description: 'The health after the reset', data: healthSchema } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { params }) => {
    const { services } = c.var;
    const { row, live } = resetHealth(healthSource(services), params.id);
    return ok(c, healthView(params.id, row, live), { message: `Health of ${params.id} reset` });
  },
});
