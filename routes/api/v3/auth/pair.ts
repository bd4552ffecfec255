import * as v from 'valibot';
import { deviceLabel } from '../../../../shared/device-label.ts';
import { ok } from '../../../../core/http/envelope.ts';
import { clientAddress } from '../../../../core/http/middleware/auth.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { overHttps, sessionCookie } from '../../../../core/http/session-cookie.ts';
import { nameField, sessionSchema, sessionView } from './_views.ts';

const CODE = 'the pairing code: 8 digits, spaces allowed';

export const POST = defineRoute({
  summary: 'Pair this browser with the code shown on the panel',
  description:
    'Trades a live pairing code for a session: the answer sets an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) that the browser sends from then on. A code works once and for 5 minutes, and 5 wrong codes void it; attempts are limited per client and overall (429 with Retry-After). Failures are logged without the code.',
  tags: ['auth'],
  public: true,
  body: v.object({
    code: v.pipe(v.string(CODE), v.regex(/^[\d\s-]{8,20}$/, CODE)),
    device_name: v.optional(nameField('a device name')),
  }),
  responses: { 200: { description: 'Paired; the cookie is set', data: v.object({ session: sessionSchema }) } },
  errors: ['PAIRING_CODE_INVALID', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_CREDENTIALS'],
  handler: (c, { body }) => {
    const userAgent = c.req.header('user-agent')?.slice(0, 300) ?? null;
    const name = body.device_name ?? deviceLabel(userAgent);
    const { credential, text } = c.var.services.auth.pair(clientAddress(c), body.code, { name, userAgent });
    c.set('credential', credential);
    return ok(
      c,
      { session: sessionView(credential, credential) },
      { message: `Paired as ${name}`, headers: { 'Set-Cookie': sessionCookie(text, overHttps(c)) } },
    );
  },
});
