import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { listAssets } from '../../../../../core/plugins/assets/store.ts';
import { pluginIdSchema } from '../../../../../core/plugins/package/id.ts';
import { assetRecord } from './_asset.ts';

export const GET = defineRoute({
  summary: "A plugin's uploaded images",
  description: 'Oldest first, each with its id (for delete) and its path inside the plugin data folder.',
  tags: ['plugins'],
  query: v.object({ plugin_id: pluginIdSchema }),
  responses: { 200: { description: 'The images', data: v.object({ assets: v.array(assetRecord) }) } },
  errors: ['PLUGIN_NOT_FOUND'],
  handler: async (c, { query }) => ok(c, { assets: await listAssets(c.var.services, query.plugin_id) }),
});
