import { objectSchema } from '../../../../core/config/change.ts';
import { savedResponse } from '../../../../core/http/responses/saved.ts';
import { saveConfig } from '../../../../core/config/save.ts';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';

/** GET and POST for one schedule section (`schedule` or `dim_schedule`). */
export function scheduleRoutes(section: 'schedule' | 'dim_schedule', label: string) {
  return {
    GET: defineRoute({
      summary: `The ${label}`,
      tags: ['config'],
      responses: { 200: { description: `The ${label} (defaults when none is stored)`, data: objectSchema } },
      handler: (c) => ok(c, c.var.services.config.views.schedule(section)),
    }),
    POST: defineRoute({
      summary: `Save the ${label}`,
      description:
        'JSON `{enabled, mode: global|per-day, start_time, end_time, days}` or LEDMatrix per-day fields (`monday_enabled`, `monday_start`, `monday_end`), also as a form. Times are HH:MM.',
      tags: ['config'],
      forms: true,
      body: objectSchema,
      responses: {
        200: { description: 'Saved' },
        202: { description: 'Queued behind other work; follow the operation (Location)' },
      },
      errors: ['CONFIG_VALIDATION_FAILED', 'CONFIG_SAVE_FAILED', 'CONFIG_FILE_UNREADABLE', 'PLUGIN_OPERATION_CONFLICT'],
      handler: async (c, { body }) => {
        return savedResponse(c, await saveConfig(c.var.services, { op: 'section', section, value: body }));
      },
    }),
  };
}
