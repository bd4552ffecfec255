import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { onDemandStatus } from '../../../../../core/display/web/on-demand.ts';

export const GET = defineRoute({
  summary: 'The on-demand session: active, plugin, mode, remaining time',
  tags: ['display'],
  responses: { 200: { description: 'active | expired | idle, with the request' } },
  handler: (c) => {
    const { deps } = c.var;
    return ok(c, onDemandStatus(deps.db.sqlite, deps.clock.now()));
  },
});
