/** Longest wait an upstream may impose; a larger or absurd value is capped, never trusted blindly. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

/**
 * How long an upstream asks us to wait: `Retry-After` (seconds or an HTTP date), else GitHub's
 * `x-ratelimit-reset` when `x-ratelimit-remaining` is 0. Null when it says nothing.
 */
export function retryAfterMs(headers: Pick<Headers, 'get'>, now: number): number | null {
  const raw = headers.get('retry-after')?.trim();
  let ms: number | null = null;
  if (raw && /^\d+$/.test(raw)) ms = Number(raw) * 1000;
  else if (raw && !Number.isNaN(Date.parse(raw))) ms = Date.parse(raw) - now;
  else if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0) ms = reset * 1000 - now;
  }
  if (ms === null) return null;
  return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
}
