import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { currentFrameJson } from '../../../../core/display/web/current-frame.ts';
import { encodePng } from '../../../../core/render/png.ts';

/** JSON when the client asks for it before (or instead of) an image, as LEDMatrix's clients do. */
function wantsJson(accept: string | undefined): boolean {
  const types = (accept ?? '').split(',').map((t) => t.split(';')[0]!.trim().toLowerCase());
  const json = types.indexOf('application/json');
  const image = types.findIndex((t) => t === 'image/png' || t === 'image/*');
  return json >= 0 && (image < 0 || json < image);
}

export const GET = defineRoute({
  summary: 'The frame on the panel now, as a PNG (or as JSON)',
  description:
    "Read from the display process memory over its channel; nothing is written to disk. With `Accept: application/json` (listed before any image type) the answer is LEDMatrix's `{timestamp, width, height, image}` with the frame as a base64 PNG (and `brightness`), or `image: null` with the configured size when no display process is running.",
  tags: ['display'],
  responses: {
    200: {
      description: 'PNG of the panel at its logical size; JSON when asked for',
      contentType: 'image/png',
      data: v.object({
        timestamp: v.string(),
        width: v.number(),
        height: v.number(),
        brightness: v.nullable(v.number()),
        image: v.nullable(v.string()),
      }),
    },
  },
  errors: ['SERVICE_UNAVAILABLE'],
  handler: async (c) => {
    const { display, settings, config, clock } = c.var.services;
    if (wantsJson(c.req.header('accept')))
      return ok(
        c,
        await currentFrameJson({ display, settings, mainConfig: () => config.state().main, now: clock.now }),
      );
    const frame = await display.currentFrame();
    const png = encodePng(frame.width, frame.height, frame.rgb);
    return c.body(new Uint8Array(png), 200, {
      'content-type': 'image/png',
      'x-display-brightness': String(frame.brightness),
    });
  },
});
