import * as v from 'valibot';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { sessionSchema, sessionView } from '../_views.ts';

export const GET = defineRoute({
  summary: 'Paired browsers, oldest first',
  description: 'Each with its name, the browser that paired (User-Agent), when it paired and when it was last used.',
  tags: ['auth'],
  responses: { 200: { description: 'The sessions', data: v.object({ sessions: v.array(sessionSchema) }) } },
  handler: (c) => ok(c, { sessions: c.var.services.auth.list('session').map((s) => sessionView(s, c.var.credential)) }),
});
