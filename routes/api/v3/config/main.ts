import { objectSchema } from '../../../../core/config/change.ts';
import { mainPatchFromForm } from '../../../../core/config/form/input.ts';
import { configResponse } from '../../../../core/http/responses/config.ts';
import { savedResponse } from '../../../../core/http/responses/saved.ts';
import { saveConfig } from '../../../../core/config/save.ts';
import { isFormRequest } from '../../../../core/http/input.ts';
import { defineRoute, type FormFields } from '../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'The whole configuration, secrets masked',
  description:
    'config.json with config_secrets.json merged in; every secret (declared, stored in config_secrets.json, or named like one) reads as "••••••••". When a file does not parse, the last good configuration is served and metadata.config_problems names the file, line and column; when config_secrets.json cannot be read, the settings are served without secrets and metadata.secrets_unavailable is true.',
  tags: ['config'],
  responses: { 200: { description: 'The configuration', data: objectSchema } },
  handler: (c) => configResponse(c, c.var.services.config.views.main(), c.var.services.config.problems()),
});

export const POST = defineRoute({
  summary: 'Save part of the configuration',
  description:
    'Deep-merged into the stored configuration (objects merged, arrays replaced, null removes a key). A key naming a plugin is saved as its settings. A mask or blank secret keeps the stored value. Also as a form: fields named by path (`display.hardware.rows`), each value read as the type of the value stored there (a plugin section as its schema says).',
  tags: ['config'],
  body: objectSchema,
  forms: true,
  responses: {
    200: { description: 'Saved; the backup made, the sections changed and the operation id' },
    202: { description: 'Queued behind other work; follow the operation (Location)' },
  },
  errors: ['CONFIG_VALIDATION_FAILED', 'CONFIG_SAVE_FAILED', 'CONFIG_FILE_UNREADABLE', 'PLUGIN_OPERATION_CONFLICT'],
  handler: async (c, { body }) => {
    const { services } = c.var;
    const patch = isFormRequest(c) ? mainPatchFromForm(services.config, body as FormFields) : body;
    return savedResponse(c, await saveConfig(services, { op: 'main', patch }));
  },
});
