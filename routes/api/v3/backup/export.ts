import { Readable } from 'node:stream';
import * as v from 'valibot';
import { defineRoute } from '../../../../core/http/route.ts';

const flag = 'true or false (also 1/0, yes/no, on/off)';
const FLAGS: Record<string, boolean> = {
  true: true,
  '1': true,
  yes: true,
  on: true,
  false: false,
  '0': false,
  no: false,
  off: false,
};

export const GET = defineRoute({
  summary: 'Download a backup (ZIP): settings, installed plugins, plugin data, saved repositories, uploads',
  description:
    'Streamed as it is written. Secrets (`config_secrets.json`) are included only with `include_secrets=true`, and the file name then ends in `-with-secrets.zip`. The archive holds `manifest.json` (the installed plugins with their versions and sources), `config/config.json`, `data/plugin-cache.json`, `data/saved-repositories.json`, `uploads/` and each plugin’s uploaded images (`data/plugins/<id>/assets/`, restored as the backup has them).',
  tags: ['backup'],
  query: v.object({
    include_secrets: v.optional(
      v.pipe(
        v.string(flag),
        v.check((s) => Object.hasOwn(FLAGS, s.toLowerCase()), flag),
        v.transform((s) => FLAGS[s.toLowerCase()]!),
      ),
      'false',
    ),
  }),
  responses: { 200: { description: 'The backup archive', contentType: 'application/zip' } },
  handler: (c, { query }) => {
    const { fileName, stream } = c.var.services.backups.export(query.include_secrets);
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, {
      'content-type': 'application/zip',
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
    });
  },
});
