import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { clientAddress } from '../../../../../core/http/middleware/auth.ts';
import { defineRoute } from '../../../../../core/http/route.ts';

export const POST = defineRoute({
  summary: 'Show a pairing code on the panel',
  description:
    'For a browser that is not paired: a code appears on the panel and in the log (journalctl -u marquee-web), never in the answer. A code already shown stays until it expires, so asking again does not change it; new codes are limited per client and overall.',
  tags: ['auth'],
  public: true,
  responses: {
    200: { description: 'A code is on the panel', data: v.object({ expires_at: v.string() }) },
  },
  errors: ['TOO_MANY_ATTEMPTS'],
  handler: (c) => {
    const { expiresAt } = c.var.services.auth.showCodeOnPanel(clientAddress(c));
    return ok(c, { expires_at: new Date(expiresAt).toISOString() }, { message: 'A pairing code is on the panel' });
  },
});
