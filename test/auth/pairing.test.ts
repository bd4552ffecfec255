/**
 * Pairing a browser: a code shown on the panel and in the log (never in the answer), traded once
 * for a session cookie; codes expire, are voided by wrong guesses, and attempts are limited per
 * client and overall, with failures logged without the code.
 */
import { describe, expect, it } from 'vitest';
import { PAIRING_CODE_TTL_MS } from '../../core/auth/pairing.ts';
import { testApp, testDeps } from '../support/deps.ts';
import { cookieOf, loggedCode, pairBrowser, pairInit } from './helpers.ts';

async function signedOut() {
  const deps = testDeps({ auth: 'on' });
  const { app } = await testApp(deps);
  return { deps, app };
}

const wrongCode = (code: string) => String((Number(code) + 1) % 1e8).padStart(8, '0');

describe('pairing a browser', () => {
  it('shows a code on request, logs it, never answers it, and trades it for an HttpOnly SameSite=Strict cookie', async () => {
    const { deps, app } = await signedOut();
    const shown = await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    expect(shown.status).toBe(200);
    const text = await shown.text();
    const code = loggedCode(deps);
    expect(code).toMatch(/^\d{8}$/);
    expect(text).not.toContain(code);
    expect(text).not.toContain(code.slice(4));
    expect(JSON.parse(text).data.expires_at).toBe(new Date(deps.clock.now() + PAIRING_CODE_TTL_MS).toISOString());

    const res = await app.request(
      '/api/v3/auth/pair',
      pairInit(`${code.slice(0, 4)} ${code.slice(4)}`, {}, { 'user-agent': 'Mozilla/5.0 (Android 14) Firefox/130.0' }),
    );
    expect(res.status).toBe(200);
    const setCookie = res.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^marquee_session=mqs_[0-9a-f]{16}_[\w-]{43}; Path=\/; Max-Age=34560000; HttpOnly; SameSite=Strict$/,
    );
    const body = await res.json();
    expect(body.data.session).toMatchObject({ name: 'Firefox on Android', current: true, last_used_at: null });

    const cookie = cookieOf(setCookie);
    expect((await app.request('/api/v3/config/main')).status).toBe(401);
    expect((await app.request('/api/v3/config/main', { headers: { cookie } })).status).toBe(200);
    const status = await (await app.request('/api/v3/auth/status', { headers: { cookie } })).json();
    expect(status.data).toMatchObject({ required: true, signed_in: true, via: 'session', name: 'Firefox on Android' });
  });

  it('marks the cookie Secure when the page came over HTTPS through a proxy', async () => {
    const { deps, app } = await signedOut();
    await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    const res = await app.request(
      '/api/v3/auth/pair',
      pairInit(loggedCode(deps), {}, { 'x-forwarded-proto': 'https' }),
    );
    expect(res.headers.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });

  it('uses a code once: the same code again is refused, and the panel no longer shows it', async () => {
    const { deps, app } = await signedOut();
    await pairBrowser(app, deps);
    const code = loggedCode(deps);
    const again = await app.request('/api/v3/auth/pair', pairInit(code));
    expect(again.status).toBe(401);
    expect((await again.json()).error_code).toBe('PAIRING_CODE_INVALID');
    expect(deps.auth.pairingExpiresAt()).toBeNull();
  });

  it('keeps the code shown when asked again, and lets it expire after 5 minutes', async () => {
    const { deps, app } = await signedOut();
    await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    const code = loggedCode(deps);
    deps.clock.advance(60_000);
    await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    expect(loggedCode(deps)).toBe(code);
    expect(deps.log.lines.filter((l) => l.pairing_code)).toHaveLength(1);

    deps.clock.advance(PAIRING_CODE_TTL_MS - 60_000);
    const late = await app.request('/api/v3/auth/pair', pairInit(code));
    expect(late.status).toBe(401);
    expect((await late.json()).error_code).toBe('PAIRING_CODE_INVALID');
    await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    expect(deps.log.lines.filter((l) => l.pairing_code)).toHaveLength(2);
  });

  it('voids a code after 5 wrong guesses, and logs each failure without the code typed', async () => {
    const { deps, app } = await signedOut();
    await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    const code = loggedCode(deps);
    const guess = wrongCode(code);
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/api/v3/auth/pair', pairInit(guess));
      expect(res.status).toBe(401);
    }
    const failures = deps.log.lines.filter((l) => l.msg === 'pairing attempt failed');
    expect(failures).toHaveLength(5);
    expect(failures[0]).toMatchObject({ level: 'warn', reason: 'wrong code', client: 'local' });
    expect(JSON.stringify(deps.log.lines)).not.toContain(guess);
    expect(deps.log.lines.some((l) => /voided/.test(String(l.msg)))).toBe(true);
    expect(deps.auth.pairingExpiresAt()).toBeNull();
  });

  it('limits attempts per client: the sixth in 10 minutes is 429 with Retry-After, even with the right code', async () => {
    const { deps, app } = await signedOut();
    await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    const wrong = wrongCode(loggedCode(deps));
    for (let i = 0; i < 4; i++) await app.request('/api/v3/auth/pair', pairInit(wrong));
    // The fifth attempt (still allowed) uses a fresh code; the sixth is over the limit.
    deps.auth.newCode();
    expect((await app.request('/api/v3/auth/pair', pairInit(wrong))).status).toBe(401);
    deps.auth.newCode();
    const limited = await app.request('/api/v3/auth/pair', pairInit(loggedCode(deps)));
    expect(limited.status).toBe(429);
    const body = await limited.json();
    expect(body.error_code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(limited.headers.get('retry-after'))).toBe(600);
    expect(deps.log.lines.some((l) => l.msg === 'pairing attempt refused: too many attempts')).toBe(true);

    deps.clock.advance(10 * 60_000);
    deps.auth.newCode();
    expect((await app.request('/api/v3/auth/pair', pairInit(loggedCode(deps)))).status).toBe(200);
  });

  it('limits attempts from everyone together: 10 in 10 minutes, whatever the client', async () => {
    const { deps } = await signedOut();
    deps.auth.showCodeOnPanel('10.0.0.1');
    const wrong = wrongCode(loggedCode(deps));
    const refusal = (client: string) => {
      try {
        deps.auth.pair(client, wrong, { name: 'x', userAgent: null });
      } catch (e) {
        return (e as { code: string }).code;
      }
      return 'paired';
    };
    const codes = Array.from({ length: 10 }, (_, i) => {
      if (i % 4 === 0) deps.auth.newCode();
      return refusal(`10.0.0.${i + 1}`);
    });
    expect(codes).toEqual(Array(10).fill('PAIRING_CODE_INVALID'));
    expect(refusal('10.0.0.99')).toBe('TOO_MANY_ATTEMPTS');
  });

  it('limits new codes on the panel per client, and refuses bad input with the field named', async () => {
    const { deps, app } = await signedOut();
    for (let i = 0; i < 5; i++) {
      expect((await app.request('/api/v3/auth/pairing/show', { method: 'POST' })).status).toBe(200);
      // Used up by another device, so the next request needs a new code.
      deps.auth.pair(`10.0.0.${i}`, loggedCode(deps), { name: `device ${i}`, userAgent: null });
    }
    const limited = await app.request('/api/v3/auth/pairing/show', { method: 'POST' });
    expect(limited.status).toBe(429);

    const bad = await app.request('/api/v3/auth/pair', pairInit('12ab'));
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.context.problems[0]).toMatchObject({ field: 'code', received: '"12ab"' });
    const noName = await app.request('/api/v3/auth/pair', pairInit('12345678', { device_name: '' }));
    expect((await noName.json()).context.problems[0].field).toBe('device_name');
  });

  it('gives a paired browser a new code to pass on, which pairs a second device', async () => {
    const { deps, app } = await signedOut();
    const first = await pairBrowser(app, deps, 'Laptop');
    const refused = await app.request('/api/v3/auth/pairing', { method: 'POST' });
    expect(refused.status).toBe(401);
    const res = await app.request('/api/v3/auth/pairing', { method: 'POST', headers: { cookie: first.cookie } });
    expect(res.status).toBe(200);
    const { code } = (await res.json()).data;
    expect(loggedCode(deps)).toBe(code);
    deps.clock.advance(1_000);
    const second = await app.request('/api/v3/auth/pair', pairInit(code, { device_name: 'Phone' }));
    expect(second.status).toBe(200);
    expect(deps.auth.list('session').map((s) => s.name)).toEqual(['Laptop', 'Phone']);
  });
});
