import type { MiddlewareHandler } from 'hono';
import { bodyLimit as streamedBodyLimit } from 'hono/body-limit';
import type { IncomingMessage } from 'node:http';
import type { AppEnv } from '../types.ts';

/**
 * Refuses a request body larger than `maxSize` bytes before it is read. A body Node's parser frames
 * by its Content-Length cannot be longer than that header says, so the header alone decides, and
 * the body is later read straight from the socket's buffers. Hono's own limit asks the request for
 * its body stream first, which makes @hono/node-server build a whole web Request and stream around
 * the Node request on every POST, for nothing when the length is declared. A chunked body, or a
 * request that did not come through the Node server (tests' `app.request`), is counted as it
 * streams, by Hono's limit.
 */
export function bodyLimit(opts: { maxSize: number; onError: () => never }): MiddlewareHandler<AppEnv> {
  const streamed = streamedBodyLimit(opts);
  return (c, next) => {
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const headers = incoming?.headers;
    if (!headers || headers['transfer-encoding'] !== undefined) return streamed(c, next);
    const length = headers['content-length'];
    // Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body.
    if (length === undefined) return next();
    return Number(length) > opts.maxSize ? opts.onError() : next();
  };
}
