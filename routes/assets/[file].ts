import * as v from 'valibot';
import { defineRoute } from '../../core/http/route.ts';
import { ASSET_NAME, CACHE, serveUiFile } from '../../core/http/static-files.ts';

export const GET = defineRoute({
  summary: 'A script, style sheet or source map of the web interface',
  description:
    'Names carry a content hash, so each answer is cached for a year (immutable). Sent gzipped when the client accepts it.',
  tags: ['ui'],
  public: true,
  params: v.object({
    file: v.pipe(v.string(), v.regex(ASSET_NAME, 'a file name of letters, digits, dots, dashes and underscores')),
  }),
  responses: {
    200: { description: 'The file', contentType: 'application/octet-stream' },
    304: { description: "The browser's copy is current", contentType: 'application/octet-stream' },
  },
  errors: ['NOT_FOUND'],
  handler: async (c, { params }) => {
    const file = await serveUiFile(
      `${c.var.services.settings.uiDir}/assets`,
      params.file,
      { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') },
      { cacheControl: CACHE.asset },
    );
    return new Response(file.body, { status: file.status, headers: file.headers });
  },
});
