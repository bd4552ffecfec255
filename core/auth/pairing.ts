/**
 * Pairing codes: one live code at a time, shown on the panel (a notice over the rotation) and in
 * the log, valid for a few minutes, good for one pairing, and voided after a few wrong guesses.
 * Only its digest is kept, compared in constant time.
 */
import type { Clock } from '../platform/clock.ts';
import type { Logger } from '../platform/log.ts';
import { groupCode, hashSecret, newPairingCode, normalizeCode, sameDigest } from './secret.ts';

/** How the panel shows a short text over whatever it draws (the display's panel notices). */
export interface PanelNotices {
  show(notice: { key: string; text: string; expiresAt: number }): void;
  clear(key: string): void;
}

export const NOTICE_KEY = 'pairing';
export const PAIRING_CODE_TTL_MS = 5 * 60_000;
/** Wrong guesses a code survives; the next one voids it, so each code gives a guesser a handful of tries. */
export const PAIRING_MAX_FAILURES = 5;

interface LiveCode {
  digest: Buffer;
  expiresAt: number;
  failures: number;
}

export type Redeemed = 'paired' | 'wrong' | 'no-code';

export function createPairing(deps: { clock: Clock; log: Logger; notices: PanelNotices }) {
  const { clock, log, notices } = deps;
  let live: LiveCode | null = null;
  // A code left on the panel by an earlier run can no longer be redeemed: take it down.
  notices.clear(NOTICE_KEY);

  const current = (): LiveCode | null => (live && live.expiresAt > clock.now() ? live : null);
  const end = () => {
    live = null;
    notices.clear(NOTICE_KEY);
  };

  /** A new code, replacing any live one: on the panel and in the log, and returned. */
  function issue(askedBy: 'panel' | 'paired device'): { code: string; expiresAt: number } {
    const code = newPairingCode();
    const expiresAt = clock.now() + PAIRING_CODE_TTL_MS;
    live = { digest: hashSecret(code), expiresAt, failures: 0 };
    const shown = groupCode(code);
    notices.show({ key: NOTICE_KEY, text: shown, expiresAt });
    log.info(
      `Pairing code ${shown}: enter it in the browser to pair it (valid ${PAIRING_CODE_TTL_MS / 60_000} minutes)`,
      {
        pairing_code: shown,
        expires_at: new Date(expiresAt).toISOString(),
        asked_by: askedBy,
      },
    );
    return { code, expiresAt };
  }

  return {
    issue,
    /** Makes sure a code is on the panel: the live one stays, so asking again never hides it. */
    ensureShown(): { expiresAt: number; issued: boolean } {
      const now = current();
      return now ? { expiresAt: now.expiresAt, issued: false } : { expiresAt: issue('panel').expiresAt, issued: true };
    },
    /** When the live code expires, or null when there is none. */
    expiresAt: (): number | null => current()?.expiresAt ?? null,
    /** Checks a typed code; the live one is used up by a match and voided by too many misses. */
    redeem(typed: string): Redeemed {
      const code = current();
      if (!code) return 'no-code';
      if (sameDigest(hashSecret(normalizeCode(typed)), code.digest)) {
        end();
        return 'paired';
      }
      code.failures += 1;
      if (code.failures >= PAIRING_MAX_FAILURES) {
        end();
        log.warn('pairing code voided after too many wrong attempts; ask for a new one', {
          failures: code.failures,
        });
      }
      return 'wrong';
    },
  };
}

export type Pairing = ReturnType<typeof createPairing>;
