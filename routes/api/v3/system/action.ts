import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { lifecycleResponse } from '../../../../core/http/responses/lifecycle.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { requestSystemAction } from '../../../../core/device/action-ops.ts';
import { actionBody } from '../../../../core/device/actions.ts';
import { actionResultSchema } from '../../../../core/device/schemas.ts';

export const POST = defineRoute({
  summary: 'Restart Marquee, reboot or shut down the device (through systemd)',
  description:
    "JSON or a form `{action}`: `restart_service` (both services), `restart_display_service`, `restart_web_service`, `reboot` / `reboot_system`, `shutdown` / `shutdown_system` (LEDMatrix's names work too). Each is a `system-action` operation running `systemctl --no-block …`, so it is in the history; 200 with `returncode` and `stderr` once systemd has the job. Refused with 409 SERVICE_NOT_INSTALLED unless Marquee runs as the installed services (not under `npm start`).",
  tags: ['system'],
  forms: true,
  body: actionBody,
  responses: {
    200: { description: 'systemd has the job', data: actionResultSchema },
    202: {
      description: 'Still running: the operation id and status',
      data: v.object({ operation_id: v.string(), status: v.string() }),
    },
  },
  errors: ['SERVICE_NOT_INSTALLED', 'SYSTEM_ACTION_FAILED', 'PLUGIN_OPERATION_CONFLICT'],
  handler: async (c, { body }) => {
    const { settings, queue } = c.var.services;
    const r = await requestSystemAction({ settings, queue }, body.action);
    if (!r.finished || r.operation.status !== 'completed') return lifecycleResponse(c, r, 'System action queued');
    const result = r.operation.result as Record<string, unknown>;
    const { message, ...rest } = result;
    return ok(c, { operation_id: r.operation.id, ...rest }, { message: String(message) });
  },
});
