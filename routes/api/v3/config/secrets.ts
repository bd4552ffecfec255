import { objectSchema } from '../../../../core/config/change.ts';
import { configResponse } from '../../../../core/http/responses/config.ts';
import { defineRoute } from '../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'config_secrets.json, masked',
  description:
    'Every stored value reads as "••••••••" (shape kept), so a client sees what is set without the values. When the file cannot be read, the answer is empty and metadata.secrets_unavailable is true.',
  tags: ['config'],
  responses: { 200: { description: 'The secrets file, masked', data: objectSchema } },
  handler: (c) => configResponse(c, c.var.services.config.views.secrets(), c.var.services.config.problems()),
});
