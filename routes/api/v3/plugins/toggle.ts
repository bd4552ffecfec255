import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { pluginIdSchema } from '../../../../core/plugins/package/id.ts';
import { lifecycleResponse, operationError } from '../../../../core/http/responses/lifecycle.ts';
import { anyObject, anyQuery, flagSchema, fromBodyOrQuery, queuedData } from './_lifecycle.ts';

const toggled = v.object({
  plugin_id: v.string(),
  enabled: v.boolean(),
  state: v.nullable(v.string()),
  operation_id: v.string(),
});

export const POST = defineRoute({
  summary: 'Enable or disable a plugin',
  description:
    'JSON `{plugin_id, enabled}`, a form, or the query string (`enabled`: true/false, 1/0, on/off, yes/no). Runs a `toggle` operation (config saved atomically with a backup, then plugin state) and waits for it: 200 with the new state, or 202 if it takes longer than the wait.',
  tags: ['plugins'],
  forms: true,
  body: anyObject,
  query: anyQuery,
  responses: {
    200: { description: 'The new state', data: toggled },
    202: { description: 'Still running: the operation id and status', data: queuedData },
  },
  errors: [
    'PLUGIN_NOT_FOUND',
    'CONFIG_VALIDATION_FAILED',
    'CONFIG_SAVE_FAILED',
    'CONFIG_FILE_UNREADABLE',
    'PLUGIN_OPERATION_CONFLICT',
  ],
  handler: async (c, { body, query }) => {
    const input = await fromBodyOrQuery(v.object({ plugin_id: pluginIdSchema, enabled: flagSchema }), query, body);
    const r = await c.var.services.pluginOps.toggle(input.plugin_id, input.enabled, c.req.raw.signal);
    if (!r.finished) return lifecycleResponse(c, r, `Plugin ${input.plugin_id} toggle queued`);
    const failure = operationError(r);
    if (failure) throw failure;
    const result = r.operation.result as { enabled: boolean; state: string | null; message: string };
    return ok(
      c,
      { plugin_id: input.plugin_id, enabled: result.enabled, state: result.state, operation_id: r.operation.id },
      { message: result.message },
    );
  },
});
