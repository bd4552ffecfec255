import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { nameField, tokenSchema, tokenView } from '../_views.ts';

export const GET = defineRoute({
  summary: 'API tokens, oldest first (never the tokens themselves)',
  tags: ['auth'],
  responses: { 200: { description: 'The tokens', data: v.object({ tokens: v.array(tokenSchema) }) } },
  handler: (c) => ok(c, { tokens: c.var.services.auth.list('token').map(tokenView) }),
});

export const POST = defineRoute({
  summary: 'Make an API token for a script or home automation',
  description:
    'Send it as `Authorization: Bearer <token>`. The token is in this answer only: Marquee keeps a hash of it and cannot show it again.',
  tags: ['auth'],
  body: v.object({ name: nameField('what the token is for') }),
  responses: {
    201: {
      description: 'Made; `token` is shown this once',
      data: v.object({ token: v.string(), info: tokenSchema }),
    },
  },
  errors: ['TOO_MANY_CREDENTIALS'],
  handler: (c, { body }) => {
    const { credential, text } = c.var.services.auth.createToken(body.name);
    return ok(c, { token: text, info: tokenView(credential) }, { status: 201, message: 'Copy the token now' });
  },
});
