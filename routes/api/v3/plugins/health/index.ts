import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { allHealth, healthView, healthSource } from '../../../../../core/display/web/health.ts';
import { healthSchema } from '../../../../../core/display/web/schemas.ts';

export const GET = defineRoute({
  summary:
    'Health of every plugin: circuit breaker, quarantine, failures, last error, its host (pid, memory, CPU, restarts)',
  tags: ['plugins'],
  responses: { 200: { description: 'One entry per plugin id', data: v.record(v.string(), healthSchema) } },
  handler: (c) => {
    const { services } = c.var;
    const list = allHealth(healthSource(services));
    return ok(c, Object.fromEntries(list.map(({ id, row, live }) => [id, healthView(id, row, live)])));
  },
});
