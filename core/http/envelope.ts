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
  /** `metadata` already serialised (an answer kept with its metadata): used instead of `metadata`. */
  metadataJson?: string;
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

/** `"response_time_ms":…,"request_id":…}}`: the metadata fields of this request, closing metadata and envelope. */
function requestFields(c: Context<AppEnv>): string {
  const ms = Math.round((performance.now() - (c.get('startedAt') ?? performance.now())) * 100) / 100;
  const id = c.get('requestId');
  // Request ids are made of [\w.:-] only (pipeline.ts), so they need no escaping.
  return `"response_time_ms":${ms},"request_id":${id === undefined ? 'null' : `"${id}"`}}}`;
}

/** The fields of a metadata object's JSON text, each followed by a comma (none when empty). */
const fieldsOf = (json: string | undefined) => (json === undefined || json === '{}' ? '' : `${json.slice(1, -1)},`);

const messageJson = (message?: string) => (message === undefined ? '' : `,"message":${JSON.stringify(message)}`);

/** `{status:"success", data?, message?, metadata:{response_time_ms, request_id}}`. */
export function ok<T>(c: Context<AppEnv>, data?: T, opts: SuccessOptions = {}): Response {
  const dataJson = data === undefined ? '' : `,"data":${JSON.stringify(data)}`;
  const metadata = fieldsOf(opts.metadata && JSON.stringify(opts.metadata));
  const body = `{"status":"success"${dataJson}${messageJson(opts.message)},"metadata":{${metadata}${requestFields(c)}`;
  return respond(c, body, opts.status ?? 200, opts.headers);
}

/** From this size on, a cached document's answer is built from its bytes rather than joined as text. */
const LARGE_BODY = 64 * 1024;

/** Everything of an answer before its per-request fields, as text and (when large) as bytes. */
interface Prefix {
  text: string;
  bytes: Buffer | null;
  /** Buffers holding `bytes` whose answers have been written, ready for the next answer. */
  spare: Buffer[];
}

/** `kept`: the prefix is kept for later requests, so its bytes are worth encoding once. */
function prefixOf(data: string, message: string | undefined, metadataJson: string | undefined, kept: boolean): Prefix {
  const text = `{"status":"success","data":${data}${messageJson(message)},"metadata":{${fieldsOf(metadataJson)}`;
  return { text, bytes: kept && text.length >= LARGE_BODY ? Buffer.from(text) : null, spare: [] };
}

/** The per-request fields take at most this many bytes (a time and an id of at most 64 characters). */
const FIELDS_MAX = 160;
/** Spare buffers kept per large answer: as many as answers usually in flight at once. */
const KEEP_SPARE = 4;

/** The socket side of the node adapter (`c.env.outgoing`); absent for in-process requests. */
type Outgoing = { once(event: 'finish', listener: () => void): unknown };

/**
 * A large answer's body: a buffer already holding the prefix, from those whose answers have been
 * written (the socket no longer reads them once the response's `finish` is emitted), with this
 * request's fields written after it; only the first answers, and those of in-process requests,
 * copy the prefix. A fresh 90 KB buffer per answer costs more than the rest of the request: new
 * pages each time, and a young-generation collection every few answers.
 */
function largeBody(prefix: Prefix & { bytes: Buffer }, fields: string, outgoing: Outgoing | undefined): Buffer {
  const n = prefix.bytes.length;
  if (!outgoing || fields.length > FIELDS_MAX) {
    const body = Buffer.allocUnsafe(n + fields.length);
    prefix.bytes.copy(body, 0);
    body.write(fields, n, 'latin1');
    return body;
  }
  let buf = prefix.spare.pop();
  if (!buf) {
    buf = Buffer.allocUnsafe(n + FIELDS_MAX);
    prefix.bytes.copy(buf, 0);
  }
  const kept = buf;
  outgoing.once('finish', () => prefix.spare.length < KEEP_SPARE && prefix.spare.push(kept));
  return buf.subarray(0, n + buf.write(fields, n, 'latin1'));
}

/**
 * The answer's body from its prefix and this request's fields (ASCII: numbers and a request id).
 * A small one is joined as text (joining strings only links them; the socket encodes as it
 * writes); a large one is bytes (largeBody), where a joined string of that size would be encoded
 * again as it is written and held until a full collection.
 */
function bodyOf(c: Context<AppEnv>, prefix: Prefix, fields: string): string | Buffer {
  if (!prefix.bytes) return prefix.text + fields;
  return largeBody(
    prefix as Prefix & { bytes: Buffer },
    fields,
    (c.env as { outgoing?: Outgoing } | undefined)?.outgoing,
  );
}

/** What a kept envelope was built with; the common answer without message or metadata needs no new string. */
const memoKey = (message: string | undefined, metadataJson: string | undefined) =>
  message === undefined && metadataJson === undefined ? '' : `${message ?? ''}\u0000${metadataJson ?? ''}`;

/**
 * The same envelope as `ok`, with `data` already serialised: for a document served many times
 * unchanged (the store list, the installed list), so a request neither stringifies it nor joins
 * it again: the envelope around a `SerializedJson` is kept with it (its `memo`), and a request adds
 * only its own fields.
 */
export function okSerialized(
  c: Context<AppEnv>,
  data: string | SerializedJson,
  opts: SerializedOptions = {},
): Response {
  const status = opts.status ?? 200;
  let headers = opts.headers;
  if (opts.etag) {
    if (matchesEtag(c.req.header('if-none-match'), opts.etag))
      return respond(c, null, 304, { ETag: opts.etag, 'Cache-Control': 'no-cache' });
    headers = { ETag: opts.etag, 'Cache-Control': 'no-cache', ...headers };
  }
  const metadataJson = opts.metadataJson ?? (opts.metadata && JSON.stringify(opts.metadata));
  const prefix =
    typeof data === 'string'
      ? prefixOf(data, opts.message, metadataJson, false)
      : data.memo(memoKey(opts.message, metadataJson), () => prefixOf(data.text, opts.message, metadataJson, true));
  return respond(c, bodyOf(c, prefix, requestFields(c)), status, headers);
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
