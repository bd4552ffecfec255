import * as v from 'valibot';
import { okSerialized } from '../../../core/http/envelope.ts';
import type { HealthReport } from '../../../core/health/checks.ts';
import { defineRoute } from '../../../core/http/route.ts';

const checksJson = new WeakMap<HealthReport, string>();

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
    const report = services.health.report();
    const { status, checked_at } = report;
    // The checks change at most once a second (createHealth): their JSON is kept with the report.
    let checks = checksJson.get(report);
    if (checks === undefined) checksJson.set(report, (checks = JSON.stringify(report.checks)));
    const now = new Date(services.clock.now()).toISOString();
    const head = JSON.stringify({ status, timestamp: now, checked_at, uptime_s: Math.round(process.uptime()) });
    return okSerialized(c, `${head.slice(0, -1)},"version":${JSON.stringify(services.version)},"checks":${checks}}`);
  },
});
