import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { allHealth, healthView } from '../../../../../core/display/web/health.ts';
import { healthSchema } from '../../../../../core/display/web/schemas.ts';

export const GET = defineRoute({
  summary: 'Health of every plugin: circuit breaker, failures, last error',
  tags: ['plugins'],
  responses: { 200: { description: 'One entry per plugin id', data: v.record(v.string(), healthSchema) } },
  handler: (c) => {
    const { services } = c.var;
    const list = allHealth(services.db.sqlite);
    return ok(c, Object.fromEntries(list.map(({ id, row }) => [id, healthView(id, row)])));
  },
});
