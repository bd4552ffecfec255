/** The small parts of signing in, each as a table: attempt windows, cookie reading, names, addresses. */
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { createAttemptLimiter } from '../../core/auth/limiter.ts';
import { newCredential, parseCredential } from '../../core/auth/secret.ts';
import { readSessionCookie } from '../../core/http/session-cookie.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { reachableAt } from '../../core/platform/net/reachable.ts';
import { deviceLabel } from '../../shared/device-label.ts';

describe('the attempt limiter', () => {
  it('allows `limit` attempts per key and overall in a sliding window, and says how long to wait', () => {
    const clock = manualClock(0);
    const limiter = createAttemptLimiter({
      clock,
      perKey: { limit: 2, windowMs: 1_000 },
      overall: { limit: 3, windowMs: 1_000 },
    });
    const attempt = (key: string) => {
      const v = limiter.check(key);
      if (v.allowed) limiter.record(key);
      return v.allowed ? 'ok' : `${v.scope} ${v.retryAfterMs}`;
    };
    expect(attempt('a')).toBe('ok');
    clock.advance(100);
    expect(attempt('a')).toBe('ok');
    expect(attempt('a')).toBe('client 900');
    expect(attempt('b')).toBe('ok');
    expect(attempt('c')).toBe('overall 900');
    clock.advance(900);
    expect(attempt('a')).toBe('ok');
    expect(attempt('c')).toBe('overall 100');
    clock.advance(100);
    expect(attempt('c')).toBe('ok');
  });

  it('forgets the oldest clients past its bound', () => {
    const clock = manualClock(0);
    const limiter = createAttemptLimiter({
      clock,
      maxKeys: 2,
      perKey: { limit: 1, windowMs: 1_000 },
      overall: { limit: 100, windowMs: 1_000 },
    });
    for (const k of ['a', 'b', 'c']) limiter.record(k);
    expect(limiter.check('a').allowed).toBe(true);
    expect(limiter.check('c').allowed).toBe(false);
  });
});

describe('credentials as text', () => {
  it('round-trip, and anything of another shape is not one', () => {
    const made = newCredential('token');
    expect(parseCredential(made.text)).toEqual({ kind: 'token', id: made.id, secret: made.secret });
    for (const text of [
      '',
      made.text + 'x',
      made.text.replace('mqt_', 'mqx_'),
      made.text.toUpperCase(),
      ' '.repeat(64),
    ])
      expect(parseCredential(text), text).toBeNull();
  });
});

describe('reading the session cookie', () => {
  it.each([
    [undefined, undefined],
    ['marquee_session=abc', 'abc'],
    ['a=1; marquee_session=abc; b=2', 'abc'],
    ['x_marquee_session=evil; marquee_session=abc', 'abc'],
    ['x_marquee_session=evil', undefined],
    ['a=1;marquee_session=abc', 'abc'],
  ])('%s → %s', (header, value) => {
    expect(readSessionCookie(header)).toBe(value);
  });
});

describe('device labels', () => {
  it.each([
    ['Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36', 'Chrome on Android'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Safari/604.1',
      'Safari on iPhone',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/126.0 Safari/537.36 Edg/126.0', 'Edge on Windows'],
    ['curl/8.5.0', 'curl'],
    [null, 'A browser'],
  ])('%s → %s', (ua, label) => {
    expect(deviceLabel(ua)).toBe(label);
  });
});

describe('addresses for other devices', () => {
  const system = {
    hostname: () => 'Pi',
    networkInterfaces: () =>
      ({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
        eth0: [
          { address: '192.168.1.20', family: 'IPv4', internal: false },
          { address: 'fe80::1', family: 'IPv6', internal: false },
          { address: 'fd00::20', family: 'IPv6', internal: false },
        ],
      }) as unknown as ReturnType<typeof os.networkInterfaces>,
  };
  it.each([
    [
      '0.0.0.0',
      5000,
      { localOnly: false, urls: ['http://pi.local:5000', 'http://192.168.1.20:5000', 'http://[fd00::20]:5000'] },
    ],
    ['127.0.0.1', 5000, { localOnly: true, urls: [] }],
    ['localhost', 5000, { localOnly: true, urls: [] }],
    ['192.168.1.20', 80, { localOnly: false, urls: ['http://192.168.1.20'] }],
  ])('listening on %s:%d', (host, port, expected) => {
    expect(reachableAt(host as string, port as number, system)).toEqual(expected);
  });
});
