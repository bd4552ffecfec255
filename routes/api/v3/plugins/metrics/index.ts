import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { allHealth, metricsView, healthSource } from '../../../../../core/display/web/health.ts';
import { metricsSchema } from '../../../../../core/display/web/schemas.ts';

export const GET = defineRoute({
  summary: 'Update and render timings of every plugin (count, average, p95, max)',
  description: 'Written by the display at most once per 30 s per plugin.',
  tags: ['plugins'],
  responses: { 200: { description: 'One entry per plugin id', data: v.record(v.string(), metricsSchema) } },
  handler: (c) => {
    const { services } = c.var;
    const list = allHealth(healthSource(services));
    return ok(c, Object.fromEntries(list.map(({ id, row, live }) => [id, metricsView(id, row, live)])));
  },
});
