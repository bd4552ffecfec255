import { EVENT_TYPES } from '../../../../../shared/events.ts';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';
import { exitSafeMode } from '../../../../../core/safe-mode/exit.ts';
import { safeModeSchema } from '../../../../../core/safe-mode/schemas.ts';

export const POST = defineRoute({
  summary: 'Leave safe mode: third-party plugins run again',
  description: 'Answers 200 whether or not safe mode was active; `message` says which.',
  tags: ['system'],
  responses: { 200: { description: 'Safe mode now', data: safeModeSchema } },
  handler: (c) => {
    const { db, clock, log, events } = c.var.services;
    const { left, view } = exitSafeMode({ sqlite: db.sqlite, now: clock.now, log });
    if (left) events.publish(EVENT_TYPES.safeModeChanged, view);
    return ok(c, view, {
      message: left ? 'Safe mode ended: every enabled plugin runs again' : 'Safe mode was not active',
    });
  },
});
