import * as v from 'valibot';
import { backupView } from '../../../../../core/config/backup-view.ts';
import { BACKUP_ID } from '../../../../../core/config/change.ts';
import { objectSchema } from '../../../../../core/config/change.ts';
import { ok } from '../../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../../core/http/route.ts';

export const GET = defineRoute({
  summary: 'One configuration backup, secrets masked',
  description:
    'The backup pair as one configuration, masked as `GET /api/v3/config/main` masks the current one, so a restore can show what it will change before it is asked for.',
  tags: ['config'],
  params: v.object({ id: v.pipe(v.string('a backup id'), v.regex(BACKUP_ID, 'a backup id')) }),
  responses: { 200: { description: 'The configuration the backup holds', data: objectSchema } },
  errors: ['CONFIG_BACKUP_NOT_FOUND'],
  handler: (c, { params }) => ok(c, backupView(c.var.services.config.backup, params.id)),
});
