import { objectSchema } from '../../../../core/config/change.ts';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'config_secrets.json, masked',
  description: 'Every stored value reads as "••••••••" (shape kept), so a client sees what is set without the values.',
  tags: ['config'],
  responses: { 200: { description: 'The secrets file, masked', data: objectSchema } },
  handler: (c) => ok(c, c.var.services.config.views.secrets()),
});
