import { defineRoute } from '../../../../../../../core/http/route.ts';
import { previewResponse } from '../../../../../../../core/http/responses/preview.ts';
import { previewParams, previewQuery } from './_input.ts';

export const GET = defineRoute({
  summary: "A store entry drawn at the panel's size, before it is installed",
  description:
    'The first frame of its first mode, drawn by Marquee in a confined plugin host with its default settings, kept per version and size. 202 while it is being drawn (follow the operation), 404 PREVIEW_UNAVAILABLE with the reason (`needs an account`, `failed: …`) when it cannot be.',
  tags: ['store'],
  params: previewParams,
  query: previewQuery,
  responses: {
    200: { description: 'The preview (ETag; 304 for If-None-Match)', contentType: 'image/png' },
    202: { description: 'Being drawn: `{state: "pending", operation_id}`' },
  },
  errors: ['PLUGIN_NOT_FOUND', 'PREVIEW_UNAVAILABLE', 'QUEUE_FULL'],
  handler: (c, { params, query }) => previewResponse(c, c.var.services.previews.get(params.id, query.size), 'still'),
});
