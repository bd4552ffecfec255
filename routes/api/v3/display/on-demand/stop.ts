import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { onDemandState, stopOnDemand } from '../../../../../core/display/web/on-demand.ts';
import { onDemandStatusSchema } from '../../../../../core/display/web/schemas.ts';
import { displayService } from '../../../../../core/display/web/screen.ts';

export const POST = defineRoute({
  summary: 'End the on-demand session; the rotation resumes where it was',
  description:
    'The display returns to the rotation within a second. `request_id`: the session that was stopped, or null.',
  tags: ['display'],
  responses: {
    200: {
      description: 'The stopped request and the session state after it',
      data: v.object({ request_id: v.nullable(v.string()), ...onDemandStatusSchema.entries }),
    },
  },
  handler: (c) => {
    const { services } = c.var;
    const stopped = stopOnDemand(services.db.sqlite, services.clock.now());
    const data = {
      request_id: stopped?.requestId ?? null,
      state: onDemandState(services.db.sqlite, services.clock.now()),
      service: displayService(services),
    };
    return ok(c, data, {
      message: stopped ? `Stopped showing ${stopped.pluginId}` : 'No on-demand session was active',
    });
  },
});
