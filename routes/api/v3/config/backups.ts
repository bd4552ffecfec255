import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'Configuration backups, newest first',
  description:
    'Each save and rollback first keeps the previous pair (config.json + config_secrets.json). `changed_sections` are the sections the following save changed.',
  tags: ['config'],
  responses: {
    200: {
      description: 'The backups',
      data: v.object({
        backups: v.array(
          v.object({
            id: v.string(),
            created_at: v.string(),
            reason: v.optional(v.string()),
            changed_sections: v.optional(v.array(v.string())),
            size_bytes: v.object({ main: v.number(), secrets: v.number() }),
          }),
        ),
      }),
    },
  },
  handler: (c) => ok(c, { backups: c.var.services.config.backups() }),
});
