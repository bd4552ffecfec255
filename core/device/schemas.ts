import * as v from 'valibot';

const n = v.nullable(v.number());
const flags = v.object({
  raw: v.string(),
  under_voltage: v.boolean(),
  freq_capped: v.boolean(),
  throttled: v.boolean(),
  soft_temp_limit: v.boolean(),
  under_voltage_occurred: v.boolean(),
  freq_capped_occurred: v.boolean(),
  throttled_occurred: v.boolean(),
  soft_temp_limit_occurred: v.boolean(),
});

/** `data` of `GET /api/v3/system/status`. */
export const statusSchema = v.object({
  timestamp: v.string(),
  uptime: v.string(),
  uptime_seconds: v.number(),
  service_active: v.boolean(),
  cpu_percent: v.number(),
  memory_used_percent: v.number(),
  memory_total_mb: v.number(),
  memory_used_mb: v.number(),
  cpu_temp: n,
  disk_used_percent: n,
  disk_total_gb: n,
  disk_used_gb: n,
  load_average: v.array(v.number()),
  cpu_count: v.number(),
  temperature_c: n,
  throttling: v.nullable(flags),
  board: v.nullable(v.string()),
  versions: v.object({ marquee: v.string(), node: v.string() }),
  process: v.object({ uptime_seconds: v.number(), rss_mb: v.number() }),
  service: v.object({
    installed: v.boolean(),
    manager: v.nullable(v.literal('systemd')),
    reason: v.nullable(v.string()),
  }),
});

/** `data` of a finished `POST /api/v3/system/action`. */
export const actionResultSchema = v.object({
  operation_id: v.string(),
  action: v.string(),
  command: v.string(),
  returncode: v.number(),
  stdout: v.string(),
  stderr: v.string(),
});
