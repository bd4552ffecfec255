/**
 * The browser session's cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), Secure when the page came over HTTPS, and long-lived: it is renewed as it is
 * used, and ends when revoked.
 */
import type { Context } from 'hono';
import { SESSION_MAX_AGE_MS } from '../auth/service.ts';
import type { AppEnv } from './types.ts';

export const SESSION_COOKIE = 'marquee_session';
const PREFIX = `${SESSION_COOKIE}=`;

/** The session cookie's value in a `Cookie` header, without parsing the other cookies. */
export function readSessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  let at = header.indexOf(PREFIX);
  // Another cookie's name may end in ours (`x_marquee_session=`): only a name at a boundary counts.
  while (at > 0 && header[at - 1] !== ' ' && header[at - 1] !== ';') at = header.indexOf(PREFIX, at + 1);
  if (at < 0) return undefined;
  const end = header.indexOf(';', at);
  return header.slice(at + PREFIX.length, end < 0 ? undefined : end).trim();
}

/**
 * Whether the browser reached Marquee over HTTPS, directly or through a reverse proxy that says so.
 * The header is trusted only to add `Secure`, which a false claim cannot turn against the user.
 */
export function overHttps(c: Context<AppEnv>): boolean {
  if (c.req.url.startsWith('https:')) return true;
  const proto = c.req.header('x-forwarded-proto');
  return proto !== undefined && proto.split(',')[0]!.trim().toLowerCase() === 'https';
}

export function sessionCookie(value: string, secure: boolean): string {
  const maxAge = Math.floor(SESSION_MAX_AGE_MS / 1000);
  return `${PREFIX}${value}; Path=/; Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${PREFIX}; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
