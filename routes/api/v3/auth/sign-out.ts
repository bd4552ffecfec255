import { AppError } from '../../../../core/platform/errors/app-error.ts';
import { ok } from '../../../../core/http/envelope.ts';
import { credentialOf } from '../../../../core/http/middleware/auth.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { clearedSessionCookie, overHttps } from '../../../../core/http/session-cookie.ts';

export const POST = defineRoute({
  summary: 'Sign out: end the session (or revoke the token) this request was sent with',
  tags: ['auth'],
  responses: { 200: { description: 'Ended; a browser’s cookie is cleared' } },
  errors: ['AUTH_REQUIRED'],
  handler: (c) => {
    // Reached without one only with MARQUEE_AUTH=off.
    const who = credentialOf(c);
    if (!who)
      throw new AppError('AUTH_REQUIRED', {
        message: 'Nothing to sign out of: this request was sent without a session or token',
      });
    c.var.services.auth.revoke(who.kind, who.id);
    return ok(c, undefined, {
      message: who.kind === 'session' ? 'Signed out' : 'Token revoked',
      headers: { 'Set-Cookie': clearedSessionCookie(overHttps(c)) },
    });
  },
});
