import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { safeModeSchema } from '../../../../../core/safe-mode/schemas.ts';
import { safeModeView } from '../../../../../core/safe-mode/view.ts';

export const GET = defineRoute({
  summary: 'Safe mode: whether third-party plugins are paused after a crash loop, and why',
  description:
    'A process (web or display) that crashed 3 times within 5 minutes of starting starts in safe mode: only first-party plugins run, the panel says SAFE MODE, and `reason` is the last crash (its error, or how it exited). It ends after an hour without a crash (`ends_at`) or with POST /api/v3/system/safe-mode/exit.',
  tags: ['system'],
  responses: { 200: { description: 'Safe mode now', data: safeModeSchema } },
  handler: (c) => ok(c, safeModeView(c.var.services.db.sqlite)),
});
