import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../platform/errors/app-error.ts';

export const CONTENT_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
} as const);

/** A file name the UI build can produce: no folders, no leading dot. */
export const ASSET_NAME = /^[A-Za-z0-9][\w.-]{0,199}$/;

/**
 * The page itself is revalidated on every load (so a new build shows at once); everything else
 * has a content hash in its name and never changes, so browsers keep it for a year.
 */
export const CACHE = Object.freeze({
  page: 'no-cache',
  asset: 'public, max-age=31536000, immutable',
});

/**
 * Only this origin's scripts, styles, streams and images. Lit's styles are constructed style
 * sheets, which need no 'unsafe-inline'.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

export interface StaticRequest {
  acceptEncoding?: string;
  ifNoneMatch?: string;
}

export interface StaticResponse {
  status: 200 | 304;
  body: Uint8Array<ArrayBuffer> | null;
  headers: Record<string, string>;
}

/** Whether `Accept-Encoding` allows gzip (listed, or `*`, with a quality above 0). */
export function acceptsGzip(header = ''): boolean {
  return header.split(',').some((part) => {
    const [token = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (token === 'gzip' || token === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}

async function statOrNull(file: string) {
  try {
    return await fs.stat(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * A file of the built UI, as an HTTP answer: its gzip twin when the client accepts it, an ETag, and
 * 304 when the client's copy is current. A missing file is `NOT_FOUND` (`missing` overrides the code).
 */
export async function serveUiFile(
  dir: string,
  name: string,
  req: StaticRequest,
  opts: { cacheControl: string; missing?: 'NOT_FOUND' | 'UI_NOT_BUILT'; headers?: Record<string, string> },
): Promise<StaticResponse> {
  const file = path.join(dir, name);
  const type = CONTENT_TYPES[path.extname(name) as keyof typeof CONTENT_TYPES] ?? 'application/octet-stream';
  const gzipped = acceptsGzip(req.acceptEncoding) ? await statOrNull(`${file}.gz`) : null;
  const stat = gzipped ?? (await statOrNull(file));
  if (!stat?.isFile()) {
    throw new AppError(opts.missing ?? 'NOT_FOUND', {
      message: opts.missing === 'UI_NOT_BUILT' ? undefined : `No UI file named ${name}`,
      context: { file: name },
    });
  }
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}${gzipped ? '-gz' : ''}"`;
  const headers: Record<string, string> = {
    'Content-Type': type,
    'Cache-Control': opts.cacheControl,
    ETag: etag,
    Vary: 'Accept-Encoding',
    ...opts.headers,
  };
  if (gzipped) headers['Content-Encoding'] = 'gzip';
  const tags = (req.ifNoneMatch ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (tags.includes(etag)) return { status: 304, body: null, headers };
  return { status: 200, body: await fs.readFile(gzipped ? `${file}.gz` : file), headers };
}
