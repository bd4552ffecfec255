import * as v from 'valibot';
import { objectSchema, pluginIdSchema } from '../../../../../core/config/change.ts';
import { pluginConfigFromForm } from '../../../../../core/config/form/input.ts';
import { configResponse } from '../../../../../core/http/responses/config.ts';
import { savedResponse } from '../../../../../core/http/responses/saved.ts';
import { saveConfig } from '../../../../../core/config/save.ts';
import { isFormRequest } from '../../../../../core/http/input.ts';
import { defineRoute, type FormFields } from '../../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: "A plugin's settings",
  description:
    'Stored settings over the schema defaults; a set secret (declared x-secret, stored in config_secrets.json, or named like one: password, token, api_key, ...) reads as "••••••••", an unset declared one as "". When config_secrets.json cannot be read, its secrets are left out and metadata.secrets_unavailable is true.',
  tags: ['plugins', 'config'],
  query: v.object({ plugin_id: pluginIdSchema }),
  responses: { 200: { description: 'The settings', data: objectSchema } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: (c, { query }) =>
    configResponse(c, c.var.services.config.views.plugin(query.plugin_id), c.var.services.config.problems()),
});

export const POST = defineRoute({
  summary: "Save a plugin's settings",
  description:
    "JSON `{plugin_id, config}`, or LEDMatrix's settings form (`?plugin_id=`, fields named by path such as `provider.name`, `days[]`, `accounts.0.name`; values read as the schema's types; a boolean the form leaves out is false, except `enabled`). Merged into the stored settings (objects merged, arrays replaced, null removes a key or clears a secret), validated against the plugin's config_schema.json; a mask or blank secret keeps the stored value. x-secret fields go to config_secrets.json only.",
  tags: ['plugins', 'config'],
  body: v.object({ plugin_id: pluginIdSchema, config: objectSchema }),
  // LEDMatrix's settings form: the fields are the settings, the plugin id in the query (or a field).
  forms: ({ plugin_id, ...fields }, c) => ({ plugin_id: c.req.query('plugin_id') ?? plugin_id, config: fields }),
  responses: {
    200: { description: 'Saved; the backup made, the sections changed and the operation id' },
    202: { description: 'Queued behind other work; follow the operation (Location)' },
  },
  errors: [
    'PLUGIN_NOT_FOUND',
    'CONFIG_VALIDATION_FAILED',
    'CONFIG_SAVE_FAILED',
    'CONFIG_FILE_UNREADABLE',
    'PLUGIN_OPERATION_CONFLICT',
  ],
  handler: async (c, { body }) => {
    const { services } = c.var;
    const config = isFormRequest(c)
      ? pluginConfigFromForm(services.config, body.plugin_id, body.config as FormFields)
      : body.config;
    const change = { op: 'plugin', plugin_id: body.plugin_id, config } as const;
    return savedResponse(c, await saveConfig(services, change));
  },
});
