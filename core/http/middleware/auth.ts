import type { Context } from 'hono';
import type { Credential } from '../../auth/service.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import { overHttps, readSessionCookie, sessionCookie } from '../session-cookie.ts';
import type { AppEnv, RouteStep } from '../types.ts';

const BEARER = /^bearer\s+(\S+)\s*$/i;

interface Identified {
  credential: Credential;
  /** The cookie's value, to renew it. */
  cookie?: string;
  /** Whether this use is the one recorded for the minute: the moment to renew the cookie. */
  recorded: boolean;
}

function identify(c: Context<AppEnv>): Identified | null {
  const { auth } = c.get('services');
  const header = c.req.header('authorization');
  // A request that sends a token is judged by it alone, so a bad token is never saved by a cookie.
  if (header !== undefined) {
    const credential = auth.identify(BEARER.exec(header)?.[1], 'token');
    return credential && { credential, recorded: auth.touch(credential) };
  }
  const cookie = readSessionCookie(c.req.header('cookie'));
  const credential = auth.identify(cookie, 'session');
  return credential && { credential, cookie, recorded: auth.touch(credential) };
}

/**
 * Who sent the request (a session or an API token), or null. Routes that answer anyone call it to
 * say more to a signed-in caller (health).
 */
export function credentialOf(c: Context<AppEnv>): Credential | null {
  if (c.get('credential') === undefined) c.set('credential', identify(c)?.credential ?? null);
  return c.get('credential') ?? null;
}

const refused = () => new AppError('AUTH_REQUIRED', { headers: { 'WWW-Authenticate': 'Bearer realm="Marquee"' } });

/** The session cookie renewed once a minute at most, unless the route set (or cleared) the cookie itself. */
function renewed(c: Context<AppEnv>, who: Identified, res: Response): Response {
  if (who.recorded && who.cookie && !res.headers.has('set-cookie'))
    res.headers.set('Set-Cookie', sessionCookie(who.cookie, overHttps(c)));
  return res;
}

/**
 * With `MARQUEE_AUTH=on`, in front of every route not declared public: a valid session cookie or
 * `Authorization: Bearer <token>`, from any address, or 401 AUTH_REQUIRED before the body is read.
 * Costs a map probe and a SHA-256 of 43 bytes; the database is not touched. It wraps the route's
 * step (see ../app.ts), in front of the body limit.
 */
export function withCredential(step: RouteStep): RouteStep {
  return (c) => {
    const who = identify(c);
    if (!who) throw refused();
    c.set('credential', who.credential);
    const res = step(c);
    return res instanceof Promise ? res.then((r) => renewed(c, who, r)) : renewed(c, who, res);
  };
}

/** The client's address as the socket sees it (a proxy's, behind one); `local` for in-process requests. */
export function clientAddress(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'local';
}
