import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';

export const POST = defineRoute({
  summary: 'A new pairing code, to pair another device from this one',
  description:
    'From a paired browser or with a token: the code is answered (and shown on the panel too), for typing into the other device. It replaces any code shown before.',
  tags: ['auth'],
  responses: {
    200: { description: 'The code and when it expires', data: v.object({ code: v.string(), expires_at: v.string() }) },
  },
  handler: (c) => {
    const { code, expiresAt } = c.var.services.auth.newCode();
    return ok(c, { code, expires_at: new Date(expiresAt).toISOString() });
  },
});
