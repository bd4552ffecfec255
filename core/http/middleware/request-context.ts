import { randomBytes } from 'node:crypto';

/**
 * Request ids: a prefix drawn once per process and a counter, unique within the process and
 * across restarts without drawing random bytes per request.
 */
export function requestIds(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let n = 0;
  return () => `${prefix}-${(++n).toString(36)}`;
}
