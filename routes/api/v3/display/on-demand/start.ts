import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { pluginIdSchema } from '../../../../../core/display/web/schemas.ts';
import { onDemandState, startOnDemand } from '../../../../../core/display/web/on-demand.ts';
import { displayService } from '../../../../../core/display/web/screen.ts';

export const POST = defineRoute({
  summary: 'Show a plugin now, without restarting the display',
  description:
    "The display switches within a second; a disabled plugin may be shown. `duration` in seconds (absent, null or 0: until stopped); `mode` one of the plugin's display modes (default: all of them in turn).",
  tags: ['display'],
  body: v.object({
    plugin_id: pluginIdSchema,
    mode: v.optional(v.pipe(v.string('a display mode name'), v.minLength(1, 'a display mode name'))),
    duration: v.optional(
      v.nullable(
        v.pipe(
          v.number('a number of seconds'),
          v.minValue(0, 'zero or more seconds'),
          v.maxValue(86_400 * 7, 'at most a week'),
        ),
      ),
    ),
    pinned: v.optional(v.boolean('true or false')),
  }),
  responses: {
    200: { description: 'LEDMatrix shape: the request, plus the session `state` and the display `service`' },
  },
  errors: ['PLUGIN_NOT_FOUND', 'NOT_FOUND', 'PLUGIN_NOT_RUNNABLE'],
  handler: (c, { body }) => {
    const { services } = c.var;
    const r = startOnDemand(services.db.sqlite, services.clock.now(), body);
    const data = {
      request_id: r.requestId,
      plugin_id: r.pluginId,
      mode: r.mode,
      duration: r.durationS,
      pinned: r.pinned,
      state: onDemandState(services.db.sqlite, services.clock.now()),
      service: displayService(services),
    };
    return ok(c, data, { message: `Showing ${body.plugin_id} on demand` });
  },
});
