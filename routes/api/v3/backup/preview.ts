import * as v from 'valibot';
import { ok } from '../../../../core/http/envelope.ts';
import { defineRoute } from '../../../../core/http/route.ts';
import { UPLOAD_MAX_BYTES, zipBody } from './_upload.ts';

const list = v.array(v.string());

export const POST = defineRoute({
  summary: 'Check a backup and show what restoring it would change (nothing is changed)',
  description:
    'The body is the backup file (Content-Type: application/zip). It is checked whole: the plugin archive rules (names, links, sizes, bombs), then each part. The answer names the config sections it would change, add or remove, whether secrets would be replaced or kept, the plugins it would install, and counts of plugin data, saved repositories and uploads now and after; `upload_id` restores this upload without sending it again (kept an hour). A file that is not a Marquee backup is a 422 BACKUP_INVALID saying why.',
  tags: ['backup'],
  maxBodyBytes: UPLOAD_MAX_BYTES,
  responses: {
    200: {
      description: 'The upload id and the preview',
      data: v.object({
        upload_id: v.string(),
        preview: v.object({
          created_at: v.string(),
          marquee_version: v.string(),
          includes_secrets: v.boolean(),
          config: v.object({ changed: list, added: list, removed: list }),
          secrets: v.picklist(['replaced', 'kept']),
          plugins: v.object({
            install: v.array(v.object({ id: v.string(), version: v.nullable(v.string()), source: v.string() })),
            cannot_install: v.array(v.object({ id: v.string(), reason: v.string() })),
            other_version: v.array(
              v.object({ id: v.string(), installed: v.nullable(v.string()), backup: v.nullable(v.string()) }),
            ),
            kept: list,
          }),
          plugin_data: v.object({ now: v.number(), after: v.number() }),
          saved_repositories: v.object({ now: v.number(), after: v.number() }),
          uploads: v.object({ now: v.number(), after: v.number() }),
        }),
      }),
    },
  },
  errors: ['BACKUP_INVALID', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'],
  handler: async (c) => ok(c, await c.var.services.backups.preview(zipBody(c), c.req.raw.signal)),
});
