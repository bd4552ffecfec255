import * as v from 'valibot';
import { defineRoute } from '../../../../core/http/route.ts';
import { pluginIdSchema } from '../../../../core/plugins/package/id.ts';
import { lifecycleResponse } from '../../../../core/http/responses/lifecycle.ts';
import { anyObject, anyQuery, fromBodyOrQuery, queuedData } from './_lifecycle.ts';

export const POST = defineRoute({
  summary: 'Update a plugin (an operation)',
  description:
    'JSON `{plugin_id}`, a form, or `?plugin_id=`. Queues an `update` operation and waits for it (bounded): 200 with the finished operation, else 202. A plugin managed locally (`local_only`), a built-in one, or one already at the registry’s latest version ends successfully with a message saying so. Otherwise the new version is staged and validated first, then swapped in; on any failure or cancel the running version stays.',
  tags: ['plugins'],
  forms: true,
  body: anyObject,
  query: anyQuery,
  responses: {
    200: { description: 'The finished operation; `result.message` says what happened' },
    202: { description: 'Still running: the operation id and status', data: queuedData },
  },
  errors: ['PLUGIN_NOT_FOUND', 'REGISTRY_UNAVAILABLE', 'PLUGIN_OPERATION_CONFLICT', 'PLUGIN_INCOMPATIBLE'],
  handler: async (c, { body, query }) => {
    const { plugin_id } = await fromBodyOrQuery(v.object({ plugin_id: pluginIdSchema }), query, body);
    const r = await c.var.services.pluginOps.update(plugin_id, c.req.raw.signal);
    return lifecycleResponse(c, r, `Plugin ${plugin_id} update queued`);
  },
});
