import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { pluginIdSchema } from '../../../../core/plugins/package/id.ts';
import { runPluginAction } from '../../../../core/display/web/plugin-action.ts';

const actionId = 'an action id from the manifest (1-128 characters)';
const paramsText = 'an object of the action’s parameters';

export const POST = defineRoute({
  summary: "Run one of a plugin's web UI actions",
  description:
    "LEDMatrix's `{plugin_id, action_id, params?}` for an action the plugin's manifest declares in `web_ui_actions`. The action runs inside the plugin's own confined host (a call to the plugin's method, never a command of Marquee's services) within `plugins.updateDeadlineMs`; a host that overruns it is stopped and the plugin blamed. The plugin must be running on the display.",
  tags: ['plugins'],
  body: v.object({
    plugin_id: pluginIdSchema,
    action_id: v.pipe(v.string(actionId), v.minLength(1, actionId), v.maxLength(128, actionId)),
    // A record schema would turn an array into an object keyed "0", "1" and so on: only a plain object passes.
    params: v.optional(
      v.pipe(
        v.unknown(),
        v.check((x) => typeof x === 'object' && x !== null && !Array.isArray(x), paramsText),
        v.transform((x) => x as Record<string, unknown>),
      ),
      {},
    ),
  }),
  responses: { 200: { description: "The action's result, as the plugin's method returned it" } },
  errors: [
    'PLUGIN_NOT_FOUND',
    'PLUGIN_ACTION_NOT_FOUND',
    'PLUGIN_NOT_RUNNABLE',
    'PLUGIN_ACTION_FAILED',
    'TIMEOUT',
    'SERVICE_UNAVAILABLE',
  ],
  handler: async (c, { body }) => {
    const { db, display, settings } = c.var.services;
    const out = await runPluginAction({ db, display, deadlineMs: settings.plugins.updateDeadlineMs }, body);
    return ok(
      c,
      { plugin_id: body.plugin_id, action_id: body.action_id, result: out.result },
      { message: out.message },
    );
  },
});
