import * as v from 'valibot';
import { ok } from '../../../core/http/envelope.ts';
import { defineRoute } from '../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'Service health from real checks',
  description:
    'healthy: every check passes; degraded: something needs attention (a failed task, the display process down); unhealthy: the database is not writable or not migrated.',
  tags: ['system'],
  responses: {
    200: {
      description: 'Overall status, each check with its detail, process uptime',
      data: v.object({
        status: v.picklist(['healthy', 'degraded', 'unhealthy']),
        timestamp: v.string(),
        checked_at: v.string(),
        uptime_s: v.number(),
        version: v.string(),
        checks: v.record(
          v.string(),
          v.object({ status: v.picklist(['ok', 'degraded', 'failed']), detail: v.string() }),
        ),
      }),
    },
  },
  handler: (c) => {
    const services = c.get('services');
    const { status, checks, checked_at } = services.health.report();
    return ok(c, {
      status,
      timestamp: new Date(services.clock.now()).toISOString(),
      checked_at,
      uptime_s: Math.round(process.uptime()),
      version: services.version,
      checks,
    });
  },
});
