/**
 * `github-status`: whether a token is configured and accepted, and the live rate-limit figures.
 * A configured token is checked at most every five minutes with GitHub's `/rate_limit` (which does
 * not count against the limit); everything else comes from what the last answers said.
 */
import type { StoreEnv } from '../env.ts';
import { describeError } from '../../platform/errors/redact.ts';
import { readStoreSecrets } from '../secrets.ts';
import { githubGet } from './client.ts';
import { fingerprint, saveRateState, type TokenStatus } from './rate.ts';

const CHECK_EVERY_MS = 5 * 60_000;
const CHECK_TIMEOUT_MS = 5_000;

const MESSAGES: Record<TokenStatus, string> = {
  none: 'No GitHub token: 60 API requests per hour, so store facts (stars, last commit) fill in slowly',
  unknown: 'A GitHub token is configured but could not be checked yet',
  valid: 'GitHub token accepted',
  invalid: 'GitHub refused the token; check github.api_token in config_secrets.json',
};

const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);

export async function githubStatus(
  deps: Pick<StoreEnv, 'registry' | 'http' | 'settings' | 'clock' | 'db' | 'config'>,
  opts: { signal?: AbortSignal } = {},
) {
  const token = readStoreSecrets(deps).githubToken;
  const state = deps.registry.github;
  const now = deps.clock.now();
  const stale =
    state.tokenFingerprint !== fingerprint(token) ||
    !state.tokenCheckedAt ||
    now - state.tokenCheckedAt > CHECK_EVERY_MS;
  let error: string | null = null;
  if (token && stale) {
    const check = { row: null, token, signal: opts.signal, timeoutMs: CHECK_TIMEOUT_MS };
    const res = await githubGet(deps, '/rate_limit', check).catch((e: unknown) => ({
      kind: 'failed' as const,
      error: e,
    }));
    if (res.kind === 'failed' && state.tokenStatus === 'unknown') error = describeError(res.error);
    saveRateState(deps.db, state, deps.clock.now());
  }
  const status: TokenStatus = token ? state.tokenStatus : 'none';
  return {
    token_status: status,
    authenticated: status === 'valid',
    rate_limit: state.limit ?? (status === 'valid' ? 5000 : 60),
    rate_limit_remaining: state.remaining,
    rate_limit_used: state.used,
    rate_limit_reset_at: iso(state.resetAt),
    rate_limit_observed_at: iso(state.observedAt),
    blocked_until: state.blockedUntil && state.blockedUntil > now ? iso(state.blockedUntil) : null,
    block_reason: state.blockedUntil && state.blockedUntil > now ? state.blockReason : null,
    token_checked_at: token ? iso(state.tokenCheckedAt) : null,
    message: MESSAGES[status],
    error,
  };
}
