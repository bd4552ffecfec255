import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { operationPath } from '../../../../core/http/responses/operation.ts';
import { operationView } from '../../../../core/queue/index.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { UPLOAD_MAX_BYTES, isZipRequest, uploadIdBody, zipBody } from './_upload.ts';

export const POST = defineRoute({
  summary: 'Restore a backup (an operation with progress)',
  description:
    'Either the backup file as the body (Content-Type: application/zip) or JSON `{upload_id}` naming one checked with POST /api/v3/backup/preview. Answers 202 with the `backup-restore` operation: it checks the archive, keeps the current config as a config backup, swaps the files in and replaces plugin data and saved repositories in one step (a crash at any point leaves the old state or the new, never a mix), then queues installs of the plugins the backup lists that are missing. Secrets on the device stay unless the backup holds secrets.',
  tags: ['backup'],
  maxBodyBytes: UPLOAD_MAX_BYTES,
  responses: {
    202: {
      description: 'The restore operation; follow it at Location or on the event stream',
      data: v.object({ operation_id: v.string(), status: v.string() }),
    },
  },
  errors: ['BACKUP_INVALID', 'BACKUP_UPLOAD_NOT_FOUND', 'PLUGIN_OPERATION_CONFLICT', 'UNSUPPORTED_MEDIA_TYPE'],
  handler: async (c) => {
    const { backups } = c.var.services;
    const id = isZipRequest(c) ? await backups.upload(zipBody(c), c.req.raw.signal) : await uploadIdBody(c);
    const { operation } = backups.restore(id);
    return ok(c, operationView(operation), {
      status: 202,
      message: 'Restore queued',
      headers: { Location: operationPath(operation.id) },
    });
  },
});
