import * as v from 'valibot';
import { PLUGIN_ID } from '../plugins-on-disk.ts';

export const pluginIdSchema = v.pipe(
  v.string('a plugin id'),
  v.regex(PLUGIN_ID, 'a plugin id: lowercase letters, digits, ".", "_" or "-", at most 64 characters'),
);

export const idParams = v.object({ id: pluginIdSchema });

const timing = v.object({ count: v.number(), avg_ms: v.number(), p95_ms: v.number(), max_ms: v.number() });

/** The plugin's host now (null: no host, or the display is not running): its pid and resident size. */
const hostSchema = v.nullable(
  v.object({
    pid: v.nullable(v.number()),
    /** `node` (Marquee's plugins) or `python` (LEDMatrix's). */
    runtime: v.nullable(v.string()),
    shared: v.boolean(),
    rss_mb: v.number(),
    pss_mb: v.number(),
    /** Moved to nice 19 for keeping a core busy. */
    demoted: v.boolean(),
  }),
);
const cpuSchema = v.object({
  share_pct: v.number(),
  budget_pct: v.nullable(v.number()),
  throttled: v.boolean(),
});
const ledmatrixHealth = {
  is_healthy: v.boolean(),
  total_successes: v.number(),
  success_rate: v.number(),
  last_success_time: v.nullable(v.number()),
  last_failure_time: v.nullable(v.number()),
};

export const healthSchema = v.object({
  plugin_id: v.string(),
  circuit_state: v.picklist(['closed', 'open', 'half_open']),
  healthy: v.boolean(),
  consecutive_failures: v.number(),
  total_failures: v.number(),
  last_error: v.nullable(v.string()),
  last_error_at: v.nullable(v.string()),
  last_success_at: v.nullable(v.string()),
  opened_at: v.nullable(v.string()),
  updated_at: v.nullable(v.string()),
  /** Crashed its host 3 times in 10 minutes: off until reset. */
  quarantined: v.boolean(),
  quarantined_at: v.nullable(v.string()),
  /** Why the plugin may not run here at all (it could not be confined), while the display says so. */
  refused: v.nullable(v.string()),
  restarts: v.number(),
  last_kill_reason: v.nullable(v.string()),
  last_kill_at: v.nullable(v.string()),
  host: hostSchema,
  cpu: cpuSchema,
  ...ledmatrixHealth,
});

export const metricsSchema = v.object({
  plugin_id: v.string(),
  update: timing,
  render: timing,
  cpu: cpuSchema,
  host: hostSchema,
  restarts: v.number(),
  updated_at: v.nullable(v.string()),
  ...ledmatrixHealth,
});

export const screenSchema = v.object({
  state: v.picklist(['starting', 'showing', 'idle', 'off', 'unknown']),
  plugin_id: v.nullable(v.string()),
  mode: v.nullable(v.string()),
  source: v.nullable(v.picklist(['rotation', 'live', 'on_demand'])),
  since: v.nullable(v.string()),
  until: v.nullable(v.string()),
  next: v.nullable(v.object({ plugin_id: v.string(), mode: v.string() })),
  on_demand_active: v.boolean(),
  is_display_active: v.boolean(),
  last_updated: v.nullable(v.string()),
});

export const onDemandStatusSchema = v.object({
  state: v.object({
    active: v.boolean(),
    status: v.picklist(['active', 'stopped', 'expired', 'idle']),
    last_event: v.nullable(v.picklist(['started', 'requested-stop', 'expired'])),
    error: v.null(),
    request_id: v.nullable(v.string()),
    plugin_id: v.nullable(v.string()),
    mode: v.nullable(v.string()),
    duration: v.nullable(v.number()),
    pinned: v.boolean(),
    requested_at: v.nullable(v.string()),
    expires_at: v.nullable(v.string()),
    remaining: v.nullable(v.number()),
    last_updated: v.nullable(v.string()),
  }),
  service: v.object({ active: v.boolean() }),
});
