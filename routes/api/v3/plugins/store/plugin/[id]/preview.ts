import { ok } from '../../../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../../../core/http/route.ts';
import { previewStatus } from '../../../../../../../core/previews/service.ts';
import { previewParams, previewQuery } from './_input.ts';

export const GET = defineRoute({
  summary: "Whether a store entry's preview is ready, being drawn, or why there is none",
  description:
    '`state`: `ready` (with `etag`, `frames` and `frame_ms`: more than one frame means `preview-frames.png` animates it), `pending` (being drawn; the operation is `operation_id`), or `unavailable` with `reason` (`needs an account`, `failed: …`). Asking queues a missing preview, as the picture routes do.',
  tags: ['store'],
  params: previewParams,
  query: previewQuery,
  responses: { 200: { description: 'The preview state' } },
  errors: ['PLUGIN_NOT_FOUND', 'QUEUE_FULL'],
  handler: (c, { params, query }) => ok(c, previewStatus(c.var.services.previews.get(params.id, query.size))),
});
