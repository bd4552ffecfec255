import { ok } from '../../../../core/http/envelope.ts';
import { credentialOf } from '../../../../core/http/middleware/auth.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { clearedSessionCookie, overHttps } from '../../../../core/http/session-cookie.ts';

export const POST = defineRoute({
  summary: 'Sign out: end the session (or revoke the token) this request was sent with',
  tags: ['auth'],
  responses: { 200: { description: 'Ended; a browser’s cookie is cleared' } },
  handler: (c) => {
    const who = credentialOf(c)!;
    c.var.services.auth.revoke(who.kind, who.id);
    return ok(c, undefined, {
      message: who.kind === 'session' ? 'Signed out' : 'Token revoked',
      headers: { 'Set-Cookie': clearedSessionCookie(overHttps(c)) },
    });
  },
});
