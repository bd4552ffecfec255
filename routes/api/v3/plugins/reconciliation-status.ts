import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { reconciliationStatus } from '../../../../core/reconcile/status.ts';
import { statusSchema } from '../../../../core/reconcile/schemas.ts';

export const GET = defineRoute({
  summary: 'The latest reconcile run',
  description:
    "LEDMatrix's fields (`done`, `successful`, `fixed_count`, `unresolved`: the items needing a person, for the UI banner), whether a run is in progress, and the newest finished run in full. Read from the `reconcile` operations: nothing is run by asking.",
  tags: ['plugins'],
  responses: { 200: { description: 'The latest run', data: statusSchema } },
  handler: (c) => ok(c, reconciliationStatus(c.var.services.reconciler)),
});
