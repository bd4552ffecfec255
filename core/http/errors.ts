import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
import { errorResponse } from './envelope.ts';
import type { AppEnv } from './types.ts';

/**
 * The one place errors become responses. Known errors keep their code and status; Hono's own
 * HTTP exceptions map to the matching code; anything else is a bug: logged with its stack and
 * answered 500 UNKNOWN_ERROR without internals.
 */
export function onError(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof AppError) {
    if (err.status >= 500)
      c.get('services').log.warn('request failed', {
        request_id: c.get('requestId'),
        code: err.code,
        error: describeError(err.cause ?? err),
      });
    return errorResponse(c, err);
  }
  if (err instanceof HTTPException) {
    const code =
      err.status === 413
        ? 'PAYLOAD_TOO_LARGE'
        : err.status === 404
          ? 'NOT_FOUND'
          : err.status < 500
            ? 'INVALID_INPUT'
            : 'UNKNOWN_ERROR';
    return errorResponse(c, new AppError(code));
  }
  c.get('services').log.error('unhandled error', {
    request_id: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    error: describeError(err),
    stack: err?.stack,
  });
  return errorResponse(c, new AppError('UNKNOWN_ERROR', { context: { request_id: c.get('requestId') } }));
}

export function notFound(c: Context<AppEnv>): Response {
  return errorResponse(
    c,
    new AppError('NOT_FOUND', { message: `No route for ${c.req.method} ${c.req.path}`, context: { path: c.req.path } }),
  );
}
