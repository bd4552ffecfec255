/**
 * Authentication as the web process uses it: who a presented cookie or token belongs to, pairing
 * a browser with the code shown on the panel, and the lists of sessions and API tokens.
 */
import type { CredentialKind } from '../../db/schema/auth.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { Platform } from '../platform/index.ts';
import { createCredentialIndex, type Credential } from './credentials.ts';
import { createAttemptLimiter, type AttemptLimiter } from './limiter.ts';
import { createPairing, type PanelNotices } from './pairing.ts';
import { pruneSessions } from './rows.ts';
import { newCredential, parseCredential } from './secret.ts';

export type { Credential } from './credentials.ts';
export type { PanelNotices } from './pairing.ts';

/** A session unused this long is gone; its cookie has expired too (browsers cap cookies at 400 days). */
export const SESSION_MAX_AGE_MS = 400 * 86_400_000;
const MAX_CREDENTIALS: Record<CredentialKind, number> = { session: 200, token: 100 };
const TEN_MINUTES = 10 * 60_000;

export interface NewDevice {
  name: string;
  userAgent: string | null;
}

function refuseAttempt(limiter: AttemptLimiter, client: string, log: Platform['log'], what: string): void {
  const verdict = limiter.check(client);
  if (verdict.allowed) return limiter.record(client);
  const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
  log.warn(`${what} refused: too many attempts`, { client, scope: verdict.scope, retry_after_s: seconds });
  throw new AppError('TOO_MANY_ATTEMPTS', {
    headers: { 'Retry-After': String(seconds) },
    context: { retry_after_s: seconds, scope: verdict.scope },
  });
}

export function createAuth(base: Pick<Platform, 'db' | 'clock' | 'log' | 'settings'>, opts: { notices: PanelNotices }) {
  const { clock, log } = base;
  const pruned = pruneSessions(base.db, clock.now() - SESSION_MAX_AGE_MS);
  if (pruned) log.info('sessions unused for 400 days removed', { count: pruned });
  const credentials = createCredentialIndex(base);
  const pairing = createPairing({ clock, log, notices: opts.notices });
  // Attempts at a code, per client and from everyone together: with 8 digits, 10 guesses per 10
  // minutes give a year of non-stop guessing about one chance in 200.
  const attempts = createAttemptLimiter({
    clock,
    perKey: { limit: 5, windowMs: TEN_MINUTES },
    overall: { limit: 10, windowMs: TEN_MINUTES },
  });
  const panelAsks = createAttemptLimiter({
    clock,
    perKey: { limit: 5, windowMs: TEN_MINUTES },
    overall: { limit: 10, windowMs: TEN_MINUTES },
  });

  function create(kind: CredentialKind, device: NewDevice): { credential: Credential; text: string } {
    if (credentials.count(kind) >= MAX_CREDENTIALS[kind])
      throw new AppError('TOO_MANY_CREDENTIALS', { context: { kind, limit: MAX_CREDENTIALS[kind] } });
    const made = newCredential(kind);
    const credential = credentials.add({
      id: made.id,
      kind,
      name: device.name,
      userAgent: device.userAgent,
      secretHash: made.hash,
      createdAt: clock.now(),
      lastUsedAt: null,
    });
    return { credential, text: made.text };
  }

  return {
    /** `MARQUEE_AUTH`: whether requests need a credential. */
    required: base.settings.auth === 'on',
    /** The credential a cookie value (`session`) or bearer token (`token`) presents, if it is valid. */
    identify(text: string | undefined, kind: CredentialKind): Credential | null {
      const presented = text ? parseCredential(text) : null;
      return presented && presented.kind === kind ? credentials.verify(presented) : null;
    },
    /** Notes a use; true when it is recorded (once a minute at most), the moment to renew a cookie. */
    touch: (credential: Credential) => credentials.touch(credential),
    pairingExpiresAt: () => pairing.expiresAt(),
    /** Puts a code on the panel (the live one if any) for a browser that is not paired; never returns it. */
    showCodeOnPanel(client: string): { expiresAt: number } {
      const live = pairing.expiresAt();
      if (live !== null) return { expiresAt: live };
      refuseAttempt(panelAsks, client, log, 'pairing code request');
      return { expiresAt: pairing.ensureShown().expiresAt };
    },
    /** A new code for a paired device to pass on; also on the panel. */
    newCode: () => pairing.issue('paired device'),
    /** Trades a pairing code for a new session. Failures are logged without the code. */
    pair(client: string, code: string, device: NewDevice): { credential: Credential; text: string } {
      refuseAttempt(attempts, client, log, 'pairing attempt');
      const result = pairing.redeem(code);
      if (result !== 'paired') {
        log.warn('pairing attempt failed', { client, reason: result === 'wrong' ? 'wrong code' : 'no live code' });
        throw new AppError('PAIRING_CODE_INVALID');
      }
      const made = create('session', device);
      log.info('browser paired', { session_id: made.credential.id, device: device.name, client });
      return made;
    },
    list: (kind: CredentialKind) => credentials.list(kind),
    createToken(name: string) {
      const made = create('token', { name, userAgent: null });
      log.info('API token created', { token_id: made.credential.id, name });
      return made;
    },
    revoke(kind: CredentialKind, id: string): void {
      if (!credentials.remove(kind, id))
        throw new AppError('CREDENTIAL_NOT_FOUND', {
          message: `No ${kind} with id ${JSON.stringify(id)}`,
          context: { kind, id },
        });
      log.info(`${kind === 'session' ? 'session' : 'API token'} revoked`, { kind, id });
    },
    /** Writes the pending last uses now. */
    recordUses: () => credentials.flush(),
    /** Writes the pending last uses (shutdown). */
    close: () => credentials.flush(),
  };
}

export type Auth = ReturnType<typeof createAuth>;
