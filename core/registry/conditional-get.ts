/**
 * One conditional GET against an upstream, classified: a new document, "unchanged" (304, which
 * costs nothing to store), "nothing here" (404/410), or a failure with the wait the upstream asked
 * for. The caller decides what to record; nothing here writes.
 */
import { AppError } from '../platform/errors/app-error.ts';
import type { HttpClient } from '../platform/net/http-client.ts';
import { retryAfterMs } from '../platform/net/retry-after.ts';
import type { CacheRow } from './cache.ts';

export type GetResult =
  | { kind: 'modified'; url: string; status: number; headers: Pick<Headers, 'get'>; body: string }
  | { kind: 'not_modified'; url: string; headers: Pick<Headers, 'get'> }
  | { kind: 'missing'; url: string; status: number; headers: Pick<Headers, 'get'> }
  | { kind: 'failed'; url: string; error: unknown; retryAfterMs: number | null; headers: Pick<Headers, 'get'> | null };

export interface GetOptions {
  /** The cached row: its validators are sent when it holds a body fetched from this same URL. */
  row: CacheRow | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  maxBytes?: number;
  timeoutMs?: number;
  now: number;
}

function validators(url: string, row: CacheRow | null): Record<string, string> {
  if (!row || row.body === null || row.url !== url) return {};
  const out: Record<string, string> = {};
  if (row.etag) out['if-none-match'] = row.etag;
  if (row.lastModified) out['if-modified-since'] = row.lastModified;
  return out;
}

function statusError(status: number, url: string): AppError {
  const host = new URL(url).host;
  if (status === 403 || status === 429) {
    return new AppError('UPSTREAM_RATE_LIMITED', {
      message: `${host} refused the request (${status})`,
      context: { host, status },
    });
  }
  return new AppError('API_ERROR', {
    message: `${host} answered ${status}`,
    context: { host, status },
    transient: status >= 500 || status === 408,
  });
}

export async function conditionalGet(http: HttpClient, url: string, opts: GetOptions): Promise<GetResult> {
  const sent = validators(url, opts.row);
  let res;
  try {
    res = await http.get(url, {
      headers: { ...opts.headers, ...sent },
      signal: opts.signal,
      maxBytes: opts.maxBytes,
      timeoutMs: opts.timeoutMs,
    });
  } catch (error) {
    if (opts.signal?.aborted) throw error;
    return { kind: 'failed', url, error, retryAfterMs: null, headers: null };
  }
  const base = { url, headers: res.headers };
  if (res.status === 304 && Object.keys(sent).length) return { kind: 'not_modified', ...base };
  if (res.status >= 200 && res.status < 300) {
    return { kind: 'modified', ...base, status: res.status, body: res.body.toString('utf8') };
  }
  if (res.status === 404 || res.status === 410) return { kind: 'missing', ...base, status: res.status };
  return {
    kind: 'failed',
    ...base,
    error: statusError(res.status, url),
    retryAfterMs: retryAfterMs(res.headers, opts.now),
  };
}
