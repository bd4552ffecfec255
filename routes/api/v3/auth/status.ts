import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { credentialOf } from '../../../../core/http/middleware/auth.ts';
import { defineRoute } from '../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'Whether this browser or script is signed in',
  description:
    'Answered to anyone: the web interface asks it to choose between the pairing screen and the app. `required` is false when Marquee runs with MARQUEE_AUTH=off.',
  tags: ['auth'],
  public: true,
  responses: {
    200: {
      description: 'The caller as Marquee sees it',
      data: v.object({
        required: v.boolean(),
        signed_in: v.boolean(),
        via: v.nullable(v.picklist(['session', 'token'])),
        name: v.nullable(v.string()),
        pairing_code_expires_at: v.nullable(v.string()),
      }),
    },
  },
  handler: (c) => {
    const { auth } = c.var.services;
    const who = credentialOf(c);
    const expires = auth.pairingExpiresAt();
    return ok(c, {
      required: auth.required,
      signed_in: who !== null,
      via: who?.kind ?? null,
      name: who?.name ?? null,
      pairing_code_expires_at: expires === null ? null : new Date(expires).toISOString(),
    });
  },
});
