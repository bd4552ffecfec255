import { defineRoute } from '../../../../core/http/route.ts';
import { previewStream } from '../../../../core/http/sse/preview.ts';

export const GET = defineRoute({
  summary: 'Live preview of the panel (Server-Sent Events)',
  description:
    'Each event: {timestamp, width, height, brightness, image: base64 PNG}. Frames are produced only while a client is connected, up to the preview rate (display.previewFps).',
  tags: ['display'],
  stream: true,
  responses: { 200: { description: 'text/event-stream of frames', contentType: 'text/event-stream' } },
  handler: (c) => previewStream(c),
});
