import { defineRoute } from '../../../../../../../core/http/route.ts';
import { previewResponse } from '../../../../../../../core/http/responses/preview.ts';
import { previewParams, previewQuery } from './_input.ts';

export const GET = defineRoute({
  summary: "An animated store entry's frames, drawn at the panel's size",
  description:
    'The frames of its first mode one under the other (`X-Preview-Frames` of them, `X-Preview-Frame-Ms` apart), as the still preview is drawn. 404 PREVIEW_UNAVAILABLE for a plugin that does not move.',
  tags: ['store'],
  params: previewParams,
  query: previewQuery,
  responses: {
    200: { description: 'A strip of frames, top to bottom (ETag; 304 for If-None-Match)', contentType: 'image/png' },
    202: { description: 'Being drawn: `{state: "pending", operation_id}`' },
  },
  errors: ['PLUGIN_NOT_FOUND', 'PREVIEW_UNAVAILABLE', 'QUEUE_FULL'],
  handler: (c, { params, query }) => previewResponse(c, c.var.services.previews.get(params.id, query.size), 'frames'),
});
