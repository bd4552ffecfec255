import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../platform/errors/app-error.ts';
import { redact, redactValue } from '../platform/errors/redact.ts';
import type { AppEnv } from './types.ts';

export interface SuccessOptions {
  message?: string;
  metadata?: Record<string, unknown>;
  status?: ContentfulStatusCode;
  headers?: Record<string, string>;
}

const metadataOf = (c: Context<AppEnv>, extra?: Record<string, unknown>) => ({
  ...extra,
  response_time_ms: Math.round((performance.now() - c.var.startedAt) * 100) / 100,
  request_id: c.var.requestId,
});

/** `{status:"success", data?, message?, metadata:{response_time_ms, request_id}}`. */
export function ok<T>(c: Context<AppEnv>, data?: T, opts: SuccessOptions = {}): Response {
  const body: Record<string, unknown> = { status: 'success' };
  if (data !== undefined) body.data = data;
  if (opts.message !== undefined) body.message = opts.message;
  body.metadata = metadataOf(c, opts.metadata);
  return c.json(body, opts.status ?? 200, opts.headers);
}

/**
 * The same envelope as `ok`, with `data` already serialised (as text or UTF-8 bytes): for a large
 * document served many times unchanged (the store list), so a request neither stringifies nor
 * re-encodes it.
 */
export function okSerialized(c: Context<AppEnv>, data: string | Uint8Array, opts: SuccessOptions = {}): Response {
  const message = opts.message === undefined ? '' : `,"message":${JSON.stringify(opts.message)}`;
  const tail = `${message},"metadata":${JSON.stringify(metadataOf(c, opts.metadata))}}`;
  const body =
    typeof data === 'string'
      ? `{"status":"success","data":${data}${tail}`
      : Buffer.concat([Buffer.from('{"status":"success","data":'), data, Buffer.from(tail)]);
  return c.body(body, opts.status ?? 200, { 'Content-Type': 'application/json', ...opts.headers });
}

/** The error envelope. Everything in it is redacted: a message or context may quote user input. */
export function errorBody(e: AppError): Record<string, unknown> {
  const body: Record<string, unknown> = {
    status: 'error',
    error_code: e.code,
    error_category: e.category,
    message: redact(e.message),
  };
  if (e.details) body.details = redact(e.details);
  if (e.context && Object.keys(e.context).length) body.context = redactValue(e.context);
  if (e.fixes.length) body.suggested_fixes = e.fixes;
  return body;
}

export function errorResponse(c: Context<AppEnv>, e: AppError): Response {
  return c.json(errorBody(e), e.status as ContentfulStatusCode, e.headers);
}
