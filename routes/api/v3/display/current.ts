import { defineRoute } from '../../../../core/http/route.ts';
import { encodePng } from '../../../../core/render/png.ts';

export const GET = defineRoute({
  summary: 'The frame on the panel now, as a PNG',
  description: 'Read from the display process memory over its channel; nothing is written to disk.',
  tags: ['display'],
  responses: { 200: { description: 'PNG of the panel at its logical size', contentType: 'image/png' } },
  errors: ['SERVICE_UNAVAILABLE'],
  handler: async (c) => {
    const frame = await c.var.services.display.currentFrame();
    const png = encodePng(frame.width, frame.height, frame.rgb);
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'x-display-brightness': String(frame.brightness),
    });
  },
});
