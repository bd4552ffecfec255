import * as v from 'valibot';
import { objectSchema, pluginIdSchema } from '../../../../core/config/change.ts';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: "A plugin's settings schema",
  description:
    "The plugin's config_schema.json (JSON Schema draft-07 with x-* widget hints) with the core properties enabled, display_duration and live_priority added where it lacks them.",
  tags: ['plugins', 'config'],
  query: v.object({ plugin_id: pluginIdSchema }),
  responses: { 200: { description: 'The schema', data: v.object({ schema: objectSchema }) } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { query }) => ok(c, { schema: c.var.services.config.views.schema(query.plugin_id) }),
});
