import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { clearedSessionCookie, overHttps } from '../../../../../core/http/session-cookie.ts';
import { CREDENTIAL_ID } from '../_views.ts';

export const DELETE = defineRoute({
  summary: 'Revoke a paired browser',
  description: 'It must pair again to be used; its open event streams end. Revoking this browser signs it out.',
  tags: ['auth'],
  params: CREDENTIAL_ID,
  responses: { 200: { description: 'Revoked' } },
  errors: ['CREDENTIAL_NOT_FOUND'],
  handler: (c, { params }) => {
    c.var.services.auth.revoke('session', params.id);
    const self = c.var.credential?.id === params.id;
    return ok(c, undefined, {
      message: self ? 'Signed out' : 'Device revoked',
      headers: self ? { 'Set-Cookie': clearedSessionCookie(overHttps(c)) } : undefined,
    });
  },
});
