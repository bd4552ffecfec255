/**
 * GitHub API calls for the store: the API headers, the optional token, and what every answer
 * teaches about the budget (rate-limit headers, a refused token, a block until the time GitHub
 * asked for).
 */
import type { StoreEnv } from '../env.ts';
import { isAppError } from '../../platform/errors/app-error.ts';
import type { CacheRow } from '../cache.ts';
import { conditionalGet, type GetResult } from '../conditional-get.ts';
import { block, fingerprint, observeRate } from './rate.ts';
import { trimEnd } from '../../platform/text.ts';

/** Facts are small; a bigger answer is not what was asked for. */
const MAX_BYTES = 1024 * 1024;
/** Wait after a refusal that names no time (GitHub's secondary limits): one minute, as its docs advise. */
const DEFAULT_BLOCK_MS = 60_000;

export interface GithubGetOptions {
  row: CacheRow | null;
  token: string | null;
  signal?: AbortSignal;
  timeoutMs?: number;
}

function statusOf(error: unknown): number | null {
  return isAppError(error) && typeof error.context?.status === 'number' ? error.context.status : null;
}

export async function githubGet(
  deps: Pick<StoreEnv, 'registry' | 'http' | 'settings' | 'clock'>,
  path: string,
  opts: GithubGetOptions,
): Promise<GetResult> {
  const state = deps.registry.github;
  const fp = fingerprint(opts.token);
  if (state.tokenFingerprint !== fp) {
    state.tokenFingerprint = fp;
    state.tokenStatus = opts.token ? 'unknown' : 'none';
    state.tokenCheckedAt = null;
  }
  const headers: Record<string, string> = {
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const url = trimEnd(deps.settings.github.apiUrl, '/') + path;
  const result = await conditionalGet(deps.http, url, {
    row: opts.row,
    headers,
    signal: opts.signal,
    maxBytes: MAX_BYTES,
    timeoutMs: opts.timeoutMs,
    now: deps.clock.now(),
  });
  const now = deps.clock.now();
  if (result.headers) observeRate(state, result.headers, now);
  const status = result.kind === 'failed' ? statusOf(result.error) : null;
  if (opts.token && result.headers && status !== 403 && status !== 429) {
    state.tokenStatus = status === 401 ? 'invalid' : 'valid';
    state.tokenCheckedAt = now;
  }
  if (result.kind === 'failed' && (status === 403 || status === 429)) {
    block(state, now + (result.retryAfterMs ?? DEFAULT_BLOCK_MS), `GitHub answered ${status}`);
  }
  return result;
}
