import * as v from 'valibot';
import { defineRoute } from '../../../../core/http/route.ts';
import { pluginIdSchema } from '../../../../core/plugins/package/id.ts';
import { lifecycleResponse } from '../../../../core/http/responses/lifecycle.ts';
import { queuedData } from './_lifecycle.ts';

export const POST = defineRoute({
  summary: 'Uninstall a plugin (an operation)',
  description:
    'Queues an `uninstall` operation and waits for it (bounded). Its settings and secrets are removed first (kept with `preserve_config: true`), then a tombstone is recorded and the files removed, with the plugin’s data folder (`data/plugins/<id>/`: uploaded images, cache, the files it wrote; kept with `preserve_config: true`); if any step fails everything is put back. A built-in plugin is hidden and disabled, its files kept. A tombstoned plugin is never loaded or repaired, even if its folder reappears, until it is installed again. An unknown id is a 404.',
  tags: ['plugins'],
  body: v.object({ plugin_id: pluginIdSchema, preserve_config: v.optional(v.boolean()) }),
  responses: {
    200: { description: 'The finished operation' },
    202: { description: 'Still running: the operation id and status', data: queuedData },
  },
  errors: ['PLUGIN_NOT_FOUND', 'PLUGIN_UNINSTALL_FAILED', 'PLUGIN_OPERATION_CONFLICT'],
  handler: async (c, { body }) => {
    const r = await c.var.services.pluginOps.uninstall(body, c.req.raw.signal);
    return lifecycleResponse(c, r, `Plugin ${body.plugin_id} uninstallation queued`);
  },
});
