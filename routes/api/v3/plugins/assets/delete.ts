import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { deleteAsset } from '../../../../../core/plugins/assets/store.ts';
import { pluginIdSchema } from '../../../../../core/plugins/package/id.ts';
import { assetRecord } from './_asset.ts';

const IMAGE_ID = 'an image id from GET /api/v3/plugins/assets/list';

export const POST = defineRoute({
  summary: 'Delete one uploaded image of a plugin',
  tags: ['plugins'],
  body: v.object({
    plugin_id: pluginIdSchema,
    image_id: v.pipe(v.string(IMAGE_ID), v.regex(/^[0-9a-f-]{36}$/, IMAGE_ID)),
  }),
  responses: { 200: { description: 'The image removed', data: assetRecord } },
  errors: ['PLUGIN_NOT_FOUND', 'NOT_FOUND'],
  handler: async (c, { body }) =>
    ok(c, await deleteAsset(c.var.services, body.plugin_id, body.image_id), {
      message: 'Image deleted successfully',
    }),
});
