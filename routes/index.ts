import { serveUiFile, CACHE, PAGE_CSP } from '../core/http/static-files.ts';
import { defineRoute } from '../core/http/route.ts';

export const GET = defineRoute({
  summary: 'The web interface',
  description:
    'The page of the web UI (views are hash routes such as /#/plugins). Revalidated on every load (no-cache, ETag); its scripts and styles are under /assets.',
  tags: ['ui'],
  public: true,
  responses: {
    200: { description: 'The HTML page', contentType: 'text/html' },
    304: { description: "The browser's copy is current", contentType: 'text/html' },
  },
  errors: ['UI_NOT_BUILT'],
  handler: async (c) => {
    const file = await serveUiFile(
      c.var.services.settings.uiDir,
      'index.html',
      { acceptEncoding: c.req.header('accept-encoding'), ifNoneMatch: c.req.header('if-none-match') },
      { cacheControl: CACHE.page, missing: 'UI_NOT_BUILT', headers: { 'Content-Security-Policy': PAGE_CSP } },
    );
    return new Response(file.body, { status: file.status, headers: file.headers });
  },
});
