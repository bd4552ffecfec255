import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { pluginIdSchema } from '../../../../../core/display/web/schemas.ts';
import { onDemandStatus, startOnDemand } from '../../../../../core/display/web/on-demand.ts';

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
  responses: { 200: { description: 'The on-demand status after the request' } },
  errors: ['PLUGIN_NOT_FOUND', 'NOT_FOUND', 'PLUGIN_LOAD_FAILED'],
  handler: (c, { body }) => {
    const { deps } = c.var;
    startOnDemand(deps.db.sqlite, deps.clock.now(), body);
    return ok(c, onDemandStatus(deps.db.sqlite, deps.clock.now()), { message: `Showing ${body.plugin_id} on demand` });
  },
});
