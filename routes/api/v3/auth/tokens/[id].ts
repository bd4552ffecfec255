import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { CREDENTIAL_ID } from '../_views.ts';

export const DELETE = defineRoute({
  summary: 'Revoke an API token',
  description: 'Requests sending it are refused from then on; its open event streams end.',
  tags: ['auth'],
  params: CREDENTIAL_ID,
  responses: { 200: { description: 'Revoked' } },
  errors: ['CREDENTIAL_NOT_FOUND'],
  handler: (c, { params }) => {
    c.var.services.auth.revoke('token', params.id);
    return ok(c, undefined, { message: 'Token revoked' });
  },
});
