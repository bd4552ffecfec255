import { abortableDelay } from '../platform/delay.ts';
import { USE_RECORD_MS } from './credentials.ts';
import type { Auth } from './service.ts';

/**
 * The web process's task that writes pending last uses every minute, so a credential used once and
 * then left alone has its use in the database without waiting for another request.
 */
export function useRecorder(auth: Pick<Auth, 'recordUses'>, intervalMs = USE_RECORD_MS) {
  return {
    name: 'credential-uses',
    run: async (signal: AbortSignal) => {
      while (!signal.aborted) {
        await abortableDelay(intervalMs, signal);
        auth.recordUses();
      }
    },
  };
}
