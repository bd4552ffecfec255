/**
 * The one module that talks to the network. Every outbound request goes through `node:http(s)`
 * with a keep-alive agent per protocol (a bounded number of connections per host, idle ones closed
 * after a while), a connect timeout, a total deadline, a `User-Agent`, redirects followed by hand
 * (few, and each hop checked against the URL policy) and a cap on the bytes read, so no upstream
 * can hang a caller or fill the memory of a small board. Node's own HTTP parser, rather than
 * undici's WebAssembly one and its modules, keeps the web process about 4 MB smaller, and 20 to
 * 35 MB more without `--liftoff-only`: V8 compiled that WebAssembly again with TurboFan on worker
 * threads, and glibc kept the compilation's freed memory.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors/app-error.ts';
import { describeError } from '../errors/redact.ts';
import { CONNECT_TIMEOUT, createAgents, headersOf, send } from './node-request.ts';
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

/** The answer's headers, read by name (a Web `Headers` would load Node's fetch implementation). */
export type ResponseHeaders = Pick<Headers, 'get'>;

export interface HttpResponse {
  status: number;
  /** The URL that answered, after redirects. */
  url: string;
  headers: ResponseHeaders;
  body: Buffer;
}

export interface HttpStream {
  status: number;
  url: string;
  headers: ResponseHeaders;
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

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

interface Exchange {
  host: string;
  timeoutMs: number;
  timeout: AbortSignal;
  caller?: AbortSignal;
}

/** Turns whatever the request threw into the error family; the caller's own abort passes through. */
function failure(e: unknown, x: Exchange): unknown {
  if (e instanceof AppError) return e;
  if (x.caller?.aborted) return x.caller.reason ?? e;
  const code = (e as { code?: string } | undefined)?.code;
  if (x.timeout.aborted || code === CONNECT_TIMEOUT) {
    return new AppError('TIMEOUT', {
      message: `No complete answer from ${x.host} within ${x.timeoutMs} ms`,
      context: { host: x.host, timeout_ms: x.timeoutMs },
      cause: e,
    });
  }
  return new AppError('NETWORK_ERROR', {
    message: `Could not reach ${x.host}`,
    details: describeError(e),
    context: { host: x.host, cause: code ?? null },
    cause: e,
  });
}

function tooLarge(host: string, limit: number): AppError {
  return new AppError('RESPONSE_TOO_LARGE', {
    message: `The answer from ${host} is larger than ${limit} bytes`,
    context: { host, limit_bytes: limit },
  });
}

async function* capped(body: AsyncIterable<Uint8Array>, limit: number, x: Exchange) {
  let total = 0;
  try {
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > limit) throw tooLarge(x.host, limit);
      yield chunk;
    }
  } catch (e) {
    throw failure(e, x);
  }
}

export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const agents = createAgents({ connections: opts.connections ?? 8, keepAliveMs: opts.keepAliveMs ?? 10_000 });
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
      let res: IncomingMessage;
      try {
        res = await send(url, { headers, signal, agents, connectTimeoutMs: opts.connectTimeoutMs });
      } catch (e) {
        throw failure(e, x);
      }
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location) return { res, url, x };
      res.resume();
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

  /** The answer, refused at once when it declares more than the cap. */
  async function answer(rawUrl: string, ro: RequestOptions) {
    const { res, url, x } = await open(rawUrl, ro);
    const limit = ro.maxBytes ?? defaultMax;
    const declared = Number(res.headers['content-length'] ?? NaN);
    if (declared > limit) {
      res.destroy();
      throw tooLarge(x.host, limit);
    }
    const head = { status: res.statusCode ?? 0, url: url.href, headers: headersOf(res) };
    return { res, x, limit, declared, head };
  }

  return {
    async get(rawUrl, ro = {}) {
      const { res, x, limit, head } = await answer(rawUrl, ro);
      const chunks: Uint8Array[] = [];
      for await (const chunk of capped(res, limit, x)) chunks.push(chunk);
      return { ...head, body: Buffer.concat(chunks) };
    },
    async stream(rawUrl, ro = {}) {
      const { res, x, limit, declared, head } = await answer(rawUrl, ro);
      return {
        ...head,
        size: Number.isFinite(declared) ? declared : null,
        body: capped(res, limit, x),
        cancel: async () => {
          res.destroy();
        },
      };
    },
    close: async () => agents.destroy(),
  };
}

function lower(headers: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
