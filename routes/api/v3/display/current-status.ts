import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { screenSchema } from '../../../../core/display/web/schemas.ts';
import { currentScreen } from '../../../../core/display/web/screen.ts';

export const GET = defineRoute({
  summary: 'What is on the panel: plugin, mode, since, until, what comes next',
  tags: ['display'],
  responses: { 200: { description: 'The screen status', data: screenSchema } },
  handler: (c) => ok(c, currentScreen(c.var.services)),
});
