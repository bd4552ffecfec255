import * as v from 'valibot';
import { ok } from '../../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../../core/http/route.ts';
import { getPlugin } from '../../../../../../core/registry/browse.ts';

export const GET = defineRoute({
  summary: 'One store entry with its versions',
  description: 'Found by registry id or by folder name (`weather` and `ledmatrix-weather` find the same entry).',
  tags: ['store'],
  params: v.object({
    id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/, 'a plugin id'), v.toLowerCase()),
  }),
  responses: { 200: { description: 'The entry', data: v.record(v.string(), v.unknown()) } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: async (c, { params }) => {
    const { plugin, metadata } = await getPlugin(c.var.services, params.id);
    return ok(c, plugin, { metadata });
  },
});
