import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { TRIAL_MS, tryBrightness } from '../../../../core/display/web/brightness.ts';

const percent = 'a whole number from 0 to 100';

export const POST = defineRoute({
  summary: 'Try a brightness on the panel without saving it',
  description: `The panel shows \`brightness\` (percent) within a quarter of a second, for ${TRIAL_MS / 1000} s after the last request, then its saved brightness again. Nothing is written: save \`display.hardware.brightness\` (POST /api/v3/config/main) to keep it. 503 when no display process runs under this server.`,
  tags: ['display'],
  body: v.object({
    brightness: v.pipe(v.number(percent), v.integer(percent), v.minValue(0, percent), v.maxValue(100, percent)),
  }),
  responses: { 200: { description: 'The brightness shown and until when (unless saved or tried again)' } },
  errors: ['SERVICE_UNAVAILABLE'],
  handler: (c, { body }) =>
    ok(c, tryBrightness(c.var.services, body.brightness), { message: `Trying brightness ${body.brightness} %` }),
});
