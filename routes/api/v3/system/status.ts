import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { statusSchema } from '../../../../core/device/schemas.ts';

export const GET = defineRoute({
  summary: 'The device: uptime, CPU, memory, disk, temperature, throttling, versions',
  description:
    "LEDMatrix's fields (`uptime`, `uptime_seconds`, `service_active`: a display process is running, `cpu_percent` since the previous reading, `memory_*`, `cpu_temp`, `disk_*` of the data folder's file system) and Marquee's: `load_average`, `temperature_c`, `throttling` (the Raspberry Pi firmware's under-voltage, throttling and frequency-cap flags, now and since boot; null elsewhere), `board`, `versions`, `process` (this web process) and `service` (whether it runs as the installed systemd services). Kept 5 s; each reading is time-bounded.",
  tags: ['system'],
  responses: { 200: { description: 'The status', data: statusSchema } },
  handler: async (c) => ok(c, await c.var.services.device.get()),
});
