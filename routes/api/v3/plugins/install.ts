import * as v from 'valibot';
import { defineRoute } from '../../../../core/http/route.ts';
import { lifecycleResponse } from '../../../../core/http/responses/lifecycle.ts';
import { branchSchema, installableIdSchema, versionSchema } from '../../../../core/plugins/ops/params.ts';
import { queuedData } from './_lifecycle.ts';

export const POST = defineRoute({
  summary: 'Install a plugin from the registry (an operation)',
  description:
    'Resolves the plugin in the registry cache (by registry id, folder name or with/without the `ledmatrix-` prefix), then queues an `install` operation and answers 202 with its id (Location: the operation). The operation downloads the archive (branch archive, the version’s `download_url`, or a monorepo’s `plugin_path` folder), validates it (limits, no paths escaping, no links, manifest id, entry module, compatibility) and swaps it into place; with `enable: true` it then switches the plugin on, so it joins the rotation. Installing a removed plugin clears its tombstone; a built-in plugin is restored from its own files.',
  tags: ['plugins'],
  body: v.object({
    plugin_id: installableIdSchema,
    version: v.optional(versionSchema),
    branch: v.optional(branchSchema),
    enable: v.optional(v.boolean('true or false')),
  }),
  responses: { 202: { description: 'Queued: the operation id and status', data: queuedData } },
  errors: ['PLUGIN_NOT_FOUND', 'REGISTRY_UNAVAILABLE', 'PLUGIN_OPERATION_CONFLICT', 'QUEUE_FULL'],
  handler: async (c, { body }) => {
    const r = await c.var.services.pluginOps.install(body, c.req.raw.signal);
    const branch = body.branch ? ` (branch: ${body.branch})` : '';
    return lifecycleResponse(c, r, `Plugin ${r.operation.key} installation queued${branch}`);
  },
});
