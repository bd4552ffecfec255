import * as v from 'valibot';
import { objectSchema, pluginIdSchema } from '../../../../../core/config/change.ts';
import { savedResponse } from '../../../../../core/config/http.ts';
import { saveConfig } from '../../../../../core/config/save.ts';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: "A plugin's settings",
  description: 'Stored settings over the schema defaults; a set secret reads as "••••••••", an unset one as "".',
  tags: ['plugins', 'config'],
  query: v.object({ plugin_id: pluginIdSchema }),
  responses: { 200: { description: 'The settings', data: objectSchema } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { query }) => ok(c, c.var.deps.config.views.plugin(query.plugin_id)),
});

export const POST = defineRoute({
  summary: "Save a plugin's settings",
  description:
    "Merged into the stored settings (objects merged, arrays replaced, null removes a key or clears a secret), validated against the plugin's config_schema.json; a mask or blank secret keeps the stored value. x-secret fields go to config_secrets.json only.",
  tags: ['plugins', 'config'],
  body: v.object({ plugin_id: pluginIdSchema, config: objectSchema }),
  responses: { 200: { description: 'Saved; the backup made and the sections changed' } },
  errors: ['PLUGIN_NOT_FOUND', 'CONFIG_VALIDATION_FAILED', 'CONFIG_SAVE_FAILED'],
  handler: async (c, { body }) => {
    const change = { op: 'plugin', plugin_id: body.plugin_id, config: body.config } as const;
    return savedResponse(c, await saveConfig(c.var.deps, change));
  },
});
