import * as v from 'valibot';
import { BACKUP_ID } from '../../../../core/config/change.ts';
import { savedResponse } from '../../../../core/http/responses/saved.ts';
import { saveConfig } from '../../../../core/config/save.ts';
import { defineRoute } from '../../../../core/http/route.ts';

export const POST = defineRoute({
  summary: 'Restore a configuration backup',
  description: 'Restores the named backup pair, or the newest when none is named; the current pair is backed up first.',
  tags: ['config'],
  body: v.optional(
    v.object({ backup: v.optional(v.pipe(v.string('a backup id'), v.regex(BACKUP_ID, 'a backup id'))) }),
    {},
  ),
  responses: {
    200: { description: 'Restored; `restored_backup` and the backup of the pair it replaced' },
    202: { description: 'Queued behind other work; follow the operation (Location)' },
  },
  errors: [
    'CONFIG_BACKUP_NOT_FOUND',
    'CONFIG_ROLLBACK_FAILED',
    'CONFIG_SAVE_FAILED',
    'CONFIG_FILE_UNREADABLE',
    'PLUGIN_OPERATION_CONFLICT',
  ],
  handler: async (c, { body }) => {
    return savedResponse(c, await saveConfig(c.var.services, { op: 'rollback', backup: body.backup }));
  },
});
