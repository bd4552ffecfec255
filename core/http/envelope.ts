import type { Context } from 'hono';
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status';
import { AppError } from '../platform/errors/app-error.ts';
import type { SerializedJson } from '../platform/serialized-json.ts';
import { redact, redactValue } from '../platform/errors/redact.ts';
import { matchesEtag } from './etag.ts';
import { baseHeaders, markComplete } from './middleware/headers.ts';
import type { AppEnv } from './types.ts';

export interface SuccessOptions {
  message?: string;
  metadata?: Record<string, unknown>;
  status?: ContentfulStatusCode;
  headers?: Record<string, string>;
}

export interface SerializedOptions extends SuccessOptions {
  /**
   * A validator of everything the answer shows but its per-request metadata (`weakEtag`). The answer
   * is then revalidated rather than never stored (`no-cache`), and a matching `If-None-Match` gets
   * 304 without a body.
   */
  etag?: string;
}

/**
 * An answer with the request's base headers (security headers, request id) already in it, as one
 * plain object: the node adapter writes such an answer without copying headers or body again.
 */
export function respond(
  c: Context<AppEnv>,
  body: string | Uint8Array | null,
  status: StatusCode,
  headers?: Record<string, string>,
  contentType = 'application/json',
): Response {
  const all = baseHeaders(c.req.path, c.get('requestId') ?? '-');
  if (body !== null) all['Content-Type'] = contentType;
  if (headers) Object.assign(all, headers);
  return markComplete(new Response(body as BodyInit | null, { status, headers: all }));
}

/** `{...extra, "response_time_ms": …, "request_id": …}` as JSON text. */
function metadataJson(c: Context<AppEnv>, extra?: Record<string, unknown>): string {
  const ms = Math.round((performance.now() - (c.get('startedAt') ?? performance.now())) * 100) / 100;
  const id = c.get('requestId');
  // Request ids are made of [\w.:-] only (request-context.ts), so they need no escaping.
  const tail = `"response_time_ms":${ms},"request_id":${id === undefined ? 'null' : `"${id}"`}}`;
  const head = extra ? JSON.stringify(extra).slice(1, -1) : '';
  return head ? `{${head},${tail}` : `{${tail}`;
}

const messageJson = (message?: string) => (message === undefined ? '' : `,"message":${JSON.stringify(message)}`);

/** `{status:"success", data?, message?, metadata:{response_time_ms, request_id}}`. */
export function ok<T>(c: Context<AppEnv>, data?: T, opts: SuccessOptions = {}): Response {
  const dataJson = data === undefined ? '' : `,"data":${JSON.stringify(data)}`;
  const body = `{"status":"success"${dataJson}${messageJson(opts.message)},"metadata":${metadataJson(c, opts.metadata)}}`;
  return respond(c, body, opts.status ?? 200, opts.headers);
}

/** From this size on, a cached document's answer is built from its bytes rather than joined as text. */
const LARGE_BODY = 64 * 1024;
const HEAD = Buffer.from('{"status":"success","data":');

/**
 * The answer as one buffer of the envelope's head, the document's bytes and the tail: one copy of
 * the bytes, freed at the next young-generation collection, where a joined string of that size
 * would be encoded again as it is written and held until a full collection.
 */
function joinBytes(data: Buffer, tail: string): Buffer {
  const length = HEAD.length + data.length + Buffer.byteLength(tail);
  const body = Buffer.allocUnsafe(length);
  HEAD.copy(body, 0);
  data.copy(body, HEAD.length);
  body.write(tail, HEAD.length + data.length);
  return body;
}

/**
 * The same envelope as `ok`, with `data` already serialised: for a document served many times
 * unchanged (the store list, the installed list), so a request does not stringify it. A small one
 * is joined as text (joining strings only links them; the socket encodes as it writes); a large
 * cached one is copied from its bytes (joinBytes).
 */
export function okSerialized(
  c: Context<AppEnv>,
  data: string | SerializedJson,
  opts: SerializedOptions = {},
): Response {
  if (opts.etag) {
    const validators = { ETag: opts.etag, 'Cache-Control': 'no-cache' };
    if (matchesEtag(c.req.header('if-none-match'), opts.etag)) return respond(c, null, 304, validators);
    opts = { ...opts, headers: { ...validators, ...opts.headers } };
  }
  const tail = `${messageJson(opts.message)},"metadata":${metadataJson(c, opts.metadata)}}`;
  const status = opts.status ?? 200;
  if (typeof data !== 'string' && data.text.length >= LARGE_BODY) {
    return respond(c, joinBytes(data.bytes(), tail), status, opts.headers);
  }
  const text = typeof data === 'string' ? data : data.text;
  return respond(c, `{"status":"success","data":${text}${tail}`, status, opts.headers);
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
  return respond(c, JSON.stringify(errorBody(e)), e.status as StatusCode, e.headers);
}
