/**
 * Downloads a plugin archive to a file, streaming (never held in memory), capped in bytes and in
 * time, and cancellable. Several candidate URLs may be given (the branches a repository might use):
 * a 404 moves on to the next, anything else stops. Only statuses that may clear by themselves
 * (429, 5xx, network) are transient, so a wrong URL fails at once instead of being retried.
 */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Platform } from '../platform/index.ts';
import { AppError } from '../platform/errors/app-error.ts';

export interface DownloadCandidate {
  url: string;
  /** What the URL stands for, for messages: `branch main`, `tag v1.2.0`, `download_url`. */
  label: string;
  /** The branch this candidate downloads, recorded with the install. */
  branch?: string;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  maxBytes: number;
  timeoutMs: number;
  headers?: Record<string, string>;
  /** Bytes received so far and the declared total (null when the server sent none). */
  onBytes?(received: number, total: number | null): void;
}

export interface Downloaded {
  candidate: DownloadCandidate;
  /** The URL that answered, after redirects. */
  url: string;
  bytes: number;
}

function statusError(status: number, headers: Pick<Headers, 'get'>, c: DownloadCandidate, host: string): AppError {
  const context = { url: c.url, status };
  if (status === 429 || (status === 403 && headers.get('x-ratelimit-remaining') === '0')) {
    const retry = headers.get('retry-after');
    return new AppError('UPSTREAM_RATE_LIMITED', {
      message: `${host} is rate limiting downloads`,
      context,
      headers: retry ? { 'Retry-After': retry } : undefined,
    });
  }
  if (status >= 500) {
    return new AppError('API_ERROR', { message: `${host} answered ${status} for the ${c.label} archive`, context });
  }
  return new AppError('PLUGIN_INSTALL_FAILED', {
    message: `${host} answered ${status} for the ${c.label} archive`,
    context,
    transient: false,
  });
}

async function* counted(body: AsyncIterable<Uint8Array>, onChunk: (n: number) => void) {
  for await (const chunk of body) {
    onChunk(chunk.byteLength);
    yield chunk;
  }
}

/** One candidate: the file on success, null on 404/410 (try the next), else throws. */
async function fetchOne(
  deps: Pick<Platform, 'http'>,
  c: DownloadCandidate,
  file: string,
  opts: DownloadOptions,
): Promise<Downloaded | null> {
  const res = await deps.http.stream(c.url, {
    signal: opts.signal,
    timeoutMs: opts.timeoutMs,
    maxBytes: opts.maxBytes,
    headers: opts.headers,
  });
  const host = new URL(res.url).host;
  if (res.status === 404 || res.status === 410) {
    await res.cancel();
    return null;
  }
  if (res.status < 200 || res.status > 299) {
    await res.cancel();
    throw statusError(res.status, res.headers, c, host);
  }
  let received = 0;
  opts.onBytes?.(0, res.size);
  try {
    const source = counted(res.body, (n) => opts.onBytes?.((received += n), res.size));
    await pipeline(source, fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }), { signal: opts.signal });
  } catch (e) {
    await fs.promises.rm(file, { force: true });
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw e;
  }
  return { candidate: c, url: res.url, bytes: received };
}

/** Tries each candidate in order; PLUGIN_INSTALL_FAILED (terminal) when none exists. */
export async function downloadArchive(
  deps: Pick<Platform, 'http'>,
  candidates: readonly DownloadCandidate[],
  file: string,
  opts: DownloadOptions,
): Promise<Downloaded> {
  for (const c of candidates) {
    opts.signal?.throwIfAborted();
    const got = await fetchOne(deps, c, file, opts);
    if (got) return got;
  }
  throw new AppError('PLUGIN_INSTALL_FAILED', {
    message: `No plugin archive found (tried ${candidates.map((c) => c.label).join(', ') || 'nothing'})`,
    context: { tried: candidates.map((c) => c.url) },
    fixes: ['Check the repository URL and branch', 'Refresh the plugin store: the registry entry may be out of date'],
    transient: false,
  });
}
