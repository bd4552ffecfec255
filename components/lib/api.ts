import { ApiError } from './api-error.ts';

export { ApiError, asApiError, type Problem } from './api-error.ts';

/** A success envelope, unwrapped. */
export interface ApiResult<T> {
  data: T;
  message?: string;
  metadata: Record<string, unknown>;
  status: number;
  headers: Headers;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | Array<string | number>>;
  body?: unknown;
  /** A file sent as it is (a backup upload), with its own content type, instead of JSON. */
  file?: Blob;
  signal?: AbortSignal;
  /** Milliseconds before the request is given up (default 15 s). */
  timeoutMs?: number;
}

export interface ApiClient {
  request<T>(method: string, path: string, opts?: RequestOptions): Promise<ApiResult<T>>;
  get<T>(path: string, opts?: RequestOptions): Promise<ApiResult<T>>;
  post<T>(path: string, body?: unknown, opts?: RequestOptions): Promise<ApiResult<T>>;
  del<T>(path: string, opts?: RequestOptions): Promise<ApiResult<T>>;
}

const DEFAULT_TIMEOUT_MS = 15_000;

export interface ApiClientOptions {
  /**
   * Called when the server answers 401 AUTH_REQUIRED: this browser is not signed in (never paired,
   * or its session was revoked). The shell shows the pairing screen.
   */
  onAuthRequired?(error: ApiError): void;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes('?') ? '&' : '?'}${qs}` : path;
}

/** The caller's signal and a timeout, as one signal; `done()` releases the timer. */
function deadline(signal: AbortSignal | undefined, ms: number) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal!.reason);
  if (signal?.aborted) controller.abort(signal.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(new DOMException('timed out', 'TimeoutError')), ms);
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

async function readEnvelope(res: Response): Promise<Record<string, unknown> | null> {
  const type = res.headers.get('content-type') ?? '';
  if (!/json/i.test(type)) return null;
  try {
    const body = await res.json();
    return body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function errorFrom(res: Response, body: Record<string, unknown> | null, method: string, path: string): ApiError {
  const requestId = res.headers.get('x-request-id') ?? undefined;
  if (body?.status === 'error' && typeof body.error_code === 'string') {
    return new ApiError({
      code: body.error_code,
      message: typeof body.message === 'string' ? body.message : `Request failed (HTTP ${res.status})`,
      status: res.status,
      category: typeof body.error_category === 'string' ? body.error_category : undefined,
      details: typeof body.details === 'string' ? body.details : undefined,
      context: body.context && typeof body.context === 'object' ? (body.context as Record<string, unknown>) : {},
      fixes: Array.isArray(body.suggested_fixes) ? body.suggested_fixes.map(String) : [],
      requestId,
      method,
      path,
    });
  }
  return new ApiError({
    code: 'UNEXPECTED_RESPONSE',
    message: `Marquee answered HTTP ${res.status} without the usual error details`,
    status: res.status,
    fixes: ['Check that nothing between this browser and Marquee (a proxy) rewrites answers', 'Reload the page'],
    requestId,
    method,
    path,
  });
}

function transportError(e: unknown, method: string, path: string, timeoutMs: number): ApiError {
  const timedOut = e instanceof DOMException && e.name === 'TimeoutError';
  return new ApiError({
    code: timedOut ? 'TIMEOUT' : 'NETWORK_ERROR',
    message: timedOut ? `Marquee did not answer within ${timeoutMs / 1000} s` : 'Could not reach Marquee',
    status: 0,
    fixes: ['Check that Marquee is running', 'Check this device is on the same network as Marquee', 'Reload the page'],
    method,
    path,
  });
}

/**
 * A fetch wrapper for `/api/v3`: sends JSON, unwraps the success envelope, and throws an ApiError
 * for anything else. An abort by the caller's own signal is rethrown as the AbortError it is, so a
 * view that left the page can ignore it.
 */
export function createApi(base = '', clientOpts: ApiClientOptions = {}): ApiClient {
  async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
    const url = base + withQuery(path, opts.query);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const limit = deadline(opts.signal, timeoutMs);
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: opts.file
          ? { 'content-type': opts.file.type || 'application/octet-stream' }
          : opts.body === undefined
            ? { accept: 'application/json' }
            : { 'content-type': 'application/json' },
        body: opts.file ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
        signal: limit.signal,
      });
    } catch (e) {
      limit.done();
      if (opts.signal?.aborted) throw opts.signal.reason ?? e;
      throw transportError(limit.signal.reason ?? e, method, path, timeoutMs);
    }
    const body = await readEnvelope(res).finally(limit.done);
    if (!res.ok || body?.status !== 'success') {
      const error = errorFrom(res, body, method, path);
      if (error.status === 401 && error.code === 'AUTH_REQUIRED') clientOpts.onAuthRequired?.(error);
      throw error;
    }
    return {
      data: body.data as T,
      message: typeof body.message === 'string' ? body.message : undefined,
      metadata: (body.metadata as Record<string, unknown>) ?? {},
      status: res.status,
      headers: res.headers,
    };
  }
  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    del: (path, opts) => request('DELETE', path, opts),
  };
}

/** True for the abort a view causes when it leaves the page; such failures are not shown. */
export const isAbort = (e: unknown): boolean => e instanceof DOMException && e.name === 'AbortError';
