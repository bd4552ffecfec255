import type { Hono } from 'hono';
import { expect } from 'vitest';
import type { AppEnv } from '../../core/http/types.ts';
import type { TestDeps } from '../support/deps.ts';

/** The last pairing code the log printed, digits only. */
export function loggedCode(deps: TestDeps): string {
  const line = deps.log.lines.filter((l) => typeof l.pairing_code === 'string').at(-1);
  expect(line, 'a pairing code in the log').toBeDefined();
  return String(line!.pairing_code).replace(/\s/g, '');
}

/** `name=value` of a Set-Cookie header, as the browser sends it back. */
export const cookieOf = (setCookie: string | null): string => {
  expect(setCookie, 'a Set-Cookie header').toBeTruthy();
  return setCookie!.split(';')[0]!;
};

export const pairInit = (code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify({ code, ...extra }),
});

/** Pairs as a browser does: a code on the panel, typed in; answers the cookie to send. */
export async function pairBrowser(app: Hono<AppEnv>, deps: TestDeps, device = 'Test browser') {
  expect((await app.request('/api/v3/auth/pairing/show', { method: 'POST' })).status).toBe(200);
  const res = await app.request('/api/v3/auth/pair', pairInit(loggedCode(deps), { device_name: device }));
  expect(res.status).toBe(200);
  const body = await res.json();
  return { cookie: cookieOf(res.headers.get('set-cookie')), setCookie: res.headers.get('set-cookie')!, body };
}

/** A bearer header for a new API token. */
export const bearer = (deps: TestDeps, name = 'test script') => ({
  authorization: `Bearer ${deps.auth.createToken(name).text}`,
});
