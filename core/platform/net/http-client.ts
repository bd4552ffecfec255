/**
 * The one module that talks to the network. Every outbound request goes through global `fetch`
 * with an undici `Agent` as dispatcher (connect and idle timeouts, keep-alive, a bounded number of
 * connections per host), a total deadline, a `User-Agent`, redirects followed by hand (few, and
 * each hop checked against the URL policy) and a cap on the bytes read, so no upstream can hang a
 * caller or fill the memory of a small board.
 */
import type { Agent } from 'undici';
import { AppError } from '../errors/app-error.ts';
import { describeError } from '../errors/redact.ts';
import { checkOutboundUrl } from './url-policy.ts';

export interface HttpClientOptions {
  connectTimeoutMs: number;
  /** Deadline for one whole exchange unless the caller gives its own. */
  totalTimeoutMs: number;
  userAgent: string;
  /** Default cap on a response body. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Connections kept per host. */
  connections?: number;
  keepAliveMs?: number;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Deadline for the whole exchange, reading the body included (a download passes a longer one). */
  timeoutMs?: number;
  maxBytes?: number;
  maxRedirects?: number;
}

export interface HttpResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: Headers;
  body: Buffer;
}

export interface HttpStream {
  status: number;
  url: string;
  headers: Headers;
  /** Declared length, when the upstream sent one. */
  size: number | null;
  /** The body, chunk by chunk; throws RESPONSE_TOO_LARGE once more than the cap has arrived. */
  body: AsyncIterable<Uint8Array>;
  cancel(): Promise<void>;
}

export interface HttpClient {
  get(url: string, opts?: RequestOptions): Promise<HttpResponse>;
  /** For downloads (plugin archives): the body is not buffered, but still capped and timed. */
  stream(url: string, opts?: RequestOptions): Promise<HttpStream>;
  close(): Promise<void>;
}

/** undici's Agent on its own (the package declares no exports map, so the file is reachable). */
const AGENT_MODULE = 'undici/lib/dispatcher/agent.js';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

interface Exchange {
  host: string;
  timeoutMs: number;
  timeout: AbortSignal;
  caller?: AbortSignal;
}

/** Turns whatever fetch threw into the error family; the caller's own abort passes through. */
function failure(e: unknown, x: Exchange): unknown {
  if (e instanceof AppError) return e;
  if (x.caller?.aborted) return x.caller.reason ?? e;
  const cause = (e as { cause?: { code?: string } })?.cause;
  if (x.timeout.aborted || (cause?.code && TIMEOUT_CODES.has(cause.code))) {
    return new AppError('TIMEOUT', {
      message: `No complete answer from ${x.host} within ${x.timeoutMs} ms`,
      context: { host: x.host, timeout_ms: x.timeoutMs },
      cause: e,
    });
  }
  return new AppError('NETWORK_ERROR', {
    message: `Could not reach ${x.host}`,
    details: describeError(cause ?? e),
    context: { host: x.host, cause: cause?.code ?? null },
    cause: e,
  });
}

function tooLarge(host: string, limit: number): AppError {
  return new AppError('RESPONSE_TOO_LARGE', {
    message: `The answer from ${host} is larger than ${limit} bytes`,
    context: { host, limit_bytes: limit },
  });
}

async function* capped(body: ReadableStream<Uint8Array> | null, limit: number, x: Exchange) {
  if (!body) return;
  let total = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > limit) throw tooLarge(x.host, limit);
      yield chunk;
    }
  } catch (e) {
    throw failure(e, x);
  }
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  // undici's Agent is loaded with the first outbound request, and alone: the package's index also
  // loads its own fetch, WebSocket, EventSource, cache and mocks (about 3 MB more of the web
  // process's memory). With the default settings (no registry source) nothing ever goes out.
  let agent: Promise<Agent> | null = null;
  const dispatcher = () =>
    (agent ??= (import(AGENT_MODULE) as Promise<{ default: typeof Agent }>).then(
      ({ default: Agent }) =>
        new Agent({
          connect: { timeout: opts.connectTimeoutMs },
          headersTimeout: opts.totalTimeoutMs,
          bodyTimeout: opts.totalTimeoutMs,
          keepAliveTimeout: opts.keepAliveMs ?? 10_000,
          connections: opts.connections ?? 8,
        }),
    ));
  const defaultMax = opts.maxBytes ?? 8 * 1024 * 1024;

  async function open(rawUrl: string, ro: RequestOptions) {
    let url = checkOutboundUrl(rawUrl);
    const timeoutMs = ro.timeoutMs ?? opts.totalTimeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = ro.signal ? AbortSignal.any([ro.signal, timeout]) : timeout;
    const headers: Record<string, string> = { 'user-agent': opts.userAgent, ...lower(ro.headers) };
    const maxRedirects = ro.maxRedirects ?? opts.maxRedirects ?? 5;
    for (let hop = 0; ; hop++) {
      const x: Exchange = { host: url.host, timeoutMs, timeout, caller: ro.signal };
      let res: Response;
      try {
        const via = await dispatcher();
        res = await fetch(url, { headers, signal, redirect: 'manual', dispatcher: via } as RequestInit);
      } catch (e) {
        throw failure(e, x);
      }
      const location = res.headers.get('location');
      if (!REDIRECTS.has(res.status) || !location) return { res, url, x };
      await res.body?.cancel().catch(() => undefined);
      if (hop >= maxRedirects) {
        throw new AppError('NETWORK_ERROR', {
          message: `More than ${maxRedirects} redirects from ${x.host}`,
          context: { host: x.host, max_redirects: maxRedirects },
          transient: false,
        });
      }
      const next = checkOutboundUrl(new URL(location, url));
      // A credential meant for one host is never forwarded to another.
      if (next.origin !== url.origin) delete headers.authorization;
      url = next;
    }
  }

  return {
    async get(rawUrl, ro = {}) {
      const { res, url, x } = await open(rawUrl, ro);
      const limit = ro.maxBytes ?? defaultMax;
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > limit) {
        await res.body?.cancel().catch(() => undefined);
        throw tooLarge(x.host, limit);
      }
      const chunks: Uint8Array[] = [];
      for await (const chunk of capped(res.body, limit, x)) chunks.push(chunk);
      return { status: res.status, url: url.href, headers: res.headers, body: Buffer.concat(chunks) };
    },
    async stream(rawUrl, ro = {}) {
      const { res, url, x } = await open(rawUrl, ro);
      const limit = ro.maxBytes ?? defaultMax;
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > limit) {
        await res.body?.cancel().catch(() => undefined);
        throw tooLarge(x.host, limit);
      }
      return {
        status: res.status,
        url: url.href,
        headers: res.headers,
        size: Number.isFinite(declared) ? declared : null,
        body: capped(res.body, limit, x),
        cancel: async () => {
          await res.body?.cancel().catch(() => undefined);
        },
      };
    },
    close: async () => {
      if (agent) await (await agent).close();
    },
  };
}

function lower(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
