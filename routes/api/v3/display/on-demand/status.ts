import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { onDemandState } from '../../../../../core/display/web/on-demand.ts';
import { onDemandStatusSchema } from '../../../../../core/display/web/schemas.ts';
import { displayService } from '../../../../../core/display/web/screen.ts';

export const GET = defineRoute({
  summary: 'The on-demand session: active, plugin, mode, remaining time',
  description: 'LEDMatrix shape: `state` (the session) and `service` (whether a display process is running).',
  tags: ['display'],
  responses: {
    200: { description: 'active | stopped | expired | idle, with the request', data: onDemandStatusSchema },
  },
  handler: (c) => {
    const { services } = c.var;
    return ok(c, { state: onDemandState(services.db.sqlite, services.clock.now()), service: displayService(services) });
  },
});
