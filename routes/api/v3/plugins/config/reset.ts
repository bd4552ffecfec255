import * as v from 'valibot';
import { pluginIdSchema } from '../../../../../core/config/change.ts';
import { savedResponse } from '../../../../../core/http/responses/saved.ts';
import { saveConfig } from '../../../../../core/config/save.ts';
import { defineRoute } from '../../../../../core/http/route.ts';

export const POST = defineRoute({
  summary: "Reset a plugin's settings to its defaults",
  description: 'With preserve_secrets (default true) the stored secrets are kept.',
  tags: ['plugins', 'config'],
  body: v.object({ plugin_id: pluginIdSchema, preserve_secrets: v.optional(v.boolean('true or false'), true) }),
  responses: {
    200: { description: 'Reset; data.config is the new settings, masked' },
    202: { description: 'Queued behind other work; follow the operation (Location)' },
  },
  errors: ['PLUGIN_NOT_FOUND', 'CONFIG_SAVE_FAILED', 'CONFIG_FILE_UNREADABLE', 'PLUGIN_OPERATION_CONFLICT'],
  handler: async (c, { body }) => {
    const { services } = c.var;
    const change = { op: 'plugin-reset', plugin_id: body.plugin_id, preserve_secrets: body.preserve_secrets } as const;
    const saved = await saveConfig(services, change);
    return savedResponse(c, saved, () => ({ config: services.config.views.plugin(body.plugin_id) }));
  },
});
