import * as v from 'valibot';
import { defineRoute } from '../../../../core/http/route.ts';
import { lifecycleResponse } from '../../../../core/http/responses/lifecycle.ts';
import { branchSchema, installableIdSchema, pluginPathSchema } from '../../../../core/plugins/ops/params.ts';
import { queuedData } from './_lifecycle.ts';

const urlText = 'an https URL of a repository or a .zip archive';

export const POST = defineRoute({
  summary: 'Install a plugin from a repository URL (an operation)',
  description:
    'Queues an `install` operation for `repo_url` (https; plain http only on this machine): the branch archive of `branch` (else main, then master), or the URL itself when it ends in `.zip`; only `plugin_path` is extracted when given. Without `plugin_id` the manifest’s id is used. The same validation, compatibility check, history and state updates as a registry install.',
  tags: ['plugins'],
  body: v.object({
    repo_url: v.pipe(v.string(urlText), v.trim(), v.minLength(1, urlText), v.maxLength(2048, urlText), v.url(urlText)),
    plugin_id: v.optional(installableIdSchema),
    plugin_path: v.optional(pluginPathSchema),
    branch: v.optional(branchSchema),
  }),
  responses: { 202: { description: 'Queued: the operation id and status', data: queuedData } },
  errors: ['URL_NOT_ALLOWED', 'PLUGIN_OPERATION_CONFLICT', 'QUEUE_FULL'],
  handler: async (c, { body }) => {
    const r = await c.var.services.pluginOps.installFromUrl(body);
    return lifecycleResponse(c, r, `Installation from ${body.repo_url} queued`);
  },
});
