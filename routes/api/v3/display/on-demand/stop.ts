import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { onDemandStatus, stopOnDemand } from '../../../../../core/display/web/on-demand.ts';

export const POST = defineRoute({
  summary: 'End the on-demand session; the rotation resumes where it was',
  tags: ['display'],
  responses: { 200: { description: 'The on-demand status after the request' } },
  handler: (c) => {
    const { deps } = c.var;
    const stopped = stopOnDemand(deps.db.sqlite, deps.clock.now());
    return ok(c, onDemandStatus(deps.db.sqlite, deps.clock.now()), {
      message: stopped ? `Stopped showing ${stopped.pluginId}` : 'No on-demand session was active',
    });
  },
});
