import * as v from 'valibot';
import { okSerialized } from '../../../core/http/envelope.ts';
import type { HealthReport } from '../../../core/health/checks.ts';
import { credentialOf } from '../../../core/http/middleware/auth.ts';
import { defineRoute } from '../../../core/http/route.ts';

const checksJson = new WeakMap<HealthReport, string>();

export const GET = defineRoute({
  summary: 'Service health from real checks',
  description:
    'healthy: every check passes; degraded: something needs attention (a failed task, the display process down); unhealthy: the database is not writable or not migrated. Answered to anyone (monitors, the service manager); without a session or token, while MARQUEE_AUTH is on, only `status` and `timestamp`: the checks name plugins, files and errors.',
  tags: ['system'],
  public: true,
  responses: {
    200: {
      description: 'Overall status, each check with its detail, process uptime',
      data: v.object({
        status: v.picklist(['healthy', 'degraded', 'unhealthy']),
        timestamp: v.string(),
        checked_at: v.optional(v.string()),
        uptime_s: v.optional(v.number()),
        version: v.optional(v.string()),
        checks: v.optional(
          v.record(v.string(), v.object({ status: v.picklist(['ok', 'degraded', 'failed']), detail: v.string() })),
        ),
      }),
    },
  },
  handler: (c) => {
    const services = c.get('services');
    const report = services.health.report();
    const { status, checked_at } = report;
    const timestamp = new Date(services.clock.now()).toISOString();
    if (services.auth.required && !credentialOf(c)) return okSerialized(c, JSON.stringify({ status, timestamp }));
    // The checks change at most once a second (createHealth): their JSON is kept with the report.
    let checks = checksJson.get(report);
    if (checks === undefined) checksJson.set(report, (checks = JSON.stringify(report.checks)));
    const head = JSON.stringify({ status, timestamp, checked_at, uptime_s: Math.round(process.uptime()) });
    return okSerialized(c, `${head.slice(0, -1)},"version":${JSON.stringify(services.version)},"checks":${checks}}`);
  },
});
