/**
 * Fetching one source's document: a URL (conditional GET), a GitHub repository (its known file
 * first, then `main`/`master` × `plugins.json`/`registry.json`), or a local file (its mtime and size
 * act as the validator). Reads only; the caller records the result.
 */
import fs from 'node:fs';
import type { StoreEnv } from './env.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { CacheRow } from './cache.ts';
import { conditionalGet, type GetResult } from './conditional-get.ts';
import type { SourceDef } from './sources.ts';

const ACCEPT = { accept: 'application/json' };

type FetchEnv = Pick<StoreEnv, 'http' | 'settings' | 'clock'>;

function fileValidator(st: fs.Stats): string {
  return `file:${Math.trunc(st.mtimeMs)}:${st.size}`;
}

async function fetchFile(deps: FetchEnv, def: SourceDef, row: CacheRow | null): Promise<GetResult> {
  const url = def.location;
  try {
    const st = fs.statSync(url);
    if (row?.body !== null && row?.body !== undefined && row.etag === fileValidator(st)) {
      return { kind: 'not_modified', url, headers: new Headers() };
    }
    const limit = deps.settings.registry.maxDocumentBytes;
    if (st.size > limit) {
      const error = new AppError('RESPONSE_TOO_LARGE', {
        message: `${url} is larger than ${limit} bytes`,
        context: { limit_bytes: limit },
      });
      return { kind: 'failed', url, error, retryAfterMs: null, headers: null };
    }
    const headers = new Headers({ etag: fileValidator(st) });
    return { kind: 'modified', url, status: 200, headers, body: fs.readFileSync(url, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const error = new AppError('API_ERROR', {
      message: code === 'ENOENT' ? `Registry file ${url} does not exist` : `Cannot read ${url} (${code ?? 'error'})`,
      transient: false,
      cause: e,
    });
    return { kind: 'failed', url, error, retryAfterMs: null, headers: null };
  }
}

/** Candidates in order of likelihood: the URL that answered last time first. */
function ordered(def: SourceDef, row: CacheRow | null): string[] {
  const known = row?.url && def.candidates.includes(row.url) ? [row.url] : [];
  return [...known, ...def.candidates.filter((c) => c !== row?.url)];
}

export async function fetchSource(
  deps: FetchEnv,
  def: SourceDef,
  row: CacheRow | null,
  signal?: AbortSignal,
): Promise<GetResult> {
  if (def.kind === 'file') return fetchFile(deps, def, row);
  const tried: string[] = [];
  for (const url of ordered(def, row)) {
    const result = await conditionalGet(deps.http, url, {
      row,
      headers: ACCEPT,
      signal,
      maxBytes: deps.settings.registry.maxDocumentBytes,
      now: deps.clock.now(),
    });
    if (result.kind !== 'missing') return result;
    tried.push(url);
  }
  const error = new AppError('API_ERROR', {
    message:
      def.kind === 'github'
        ? `No plugins.json or registry.json in ${def.location} (tried main and master)`
        : `No registry file at ${def.location} (404)`,
    context: { tried },
    transient: false,
  });
  return { kind: 'failed', url: tried[0] ?? def.location, error, retryAfterMs: null, headers: null };
}
