import { describe, expect, it } from 'vitest';
import { describeError, redact, redactValue } from '../../core/platform/errors/redact.ts';

describe('redact', () => {
  it.each([
    // URL userinfo
    ['https://user:hunter2@example.invalid/x', 'https://user:<redacted>@example.invalid/x'],
    ['postgres://admin:s3cr3t@db.invalid:5432/db', 'postgres://admin:<redacted>@db.invalid:5432/db'],
    ['clone https://ghp_abc123@git.invalid/o/r.git', 'clone https://<redacted>@git.invalid/o/r.git'],
    // Authorization values
    ['Authorization: Bearer abc.def-123', 'Authorization: Bearer <redacted>'],
    ['authorization=Basic dXNlcjpwYXNz', 'authorization=Basic <redacted>'],
    ['{"Authorization":"Bearer xyz"}', '{"Authorization":"<redacted>"}'],
    // key=value and key: value
    ['GET /x?token=abc123&page=2', 'GET /x?token=<redacted>&page=2'],
    ['api_key=K1; x-api-key: K2', 'api_key=<redacted>; x-api-key: <redacted>'],
    ['PASSWORD=hunter2, secret: s1', 'PASSWORD=<redacted>, secret: <redacted>'],
    // JSON pairs, including escaped quotes inside the value
    ['{"token": "x", "name": "y"}', '{"token": "<redacted>", "name": "y"}'],
    ['{"password":"a \\"quoted\\" one","client_secret":"b"}', '{"password":"<redacted>","client_secret":"<redacted>"}'],
    // keys that say they are credentials
    ['private_key=abc secret-key: def', 'private_key=<redacted> secret-key: <redacted>'],
    ['{"access_key": "AKIA1", "signing_key": "s"}', '{"access_key": "<redacted>", "signing_key": "<redacted>"}'],
  ])('%s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    'monkey=banana keyboard=qwerty',
    'the key to success',
    'https://example.invalid/path@v2',
    'mail bob@example.invalid',
    'Authorization: Bearer <redacted>',
    // validation messages stay readable
    'Invalid key: Expected never but received "extra"',
    'Invalid key: Expected "a" | "b" but received "c"',
    'operation key: weather',
  ])('leaves %s alone', (input) => {
    expect(redact(input)).toBe(input);
  });

  it('is idempotent', () => {
    const once = redact('https://u:p@h.invalid/?token=t Authorization: Bearer b {"secret":"s"}');
    expect(redact(once)).toBe(once);
  });
});

describe('redactValue', () => {
  it('masks credential-named fields at any depth and redacts strings inside arrays and objects', () => {
    const out = redactValue({
      a: { password: 'p', nested: { apiKey: 'k', url: 'https://u:pw@h.invalid/' } },
      list: [{ token: 't' }, 'Authorization: Bearer q'],
      accessToken: 'tt',
      author: 'bob',
      count: 3,
      none: null,
      empty: { password: '' },
    });
    expect(out).toEqual({
      a: { password: '<redacted>', nested: { apiKey: '<redacted>', url: 'https://u:<redacted>@h.invalid/' } },
      list: [{ token: '<redacted>' }, 'Authorization: Bearer <redacted>'],
      accessToken: '<redacted>',
      author: 'bob',
      count: 3,
      none: null,
      empty: { password: '' },
    });
  });

  it('keeps a plain `key` field and validation problems readable, still masking credential keys', () => {
    const problems = [{ field: 'b', expected: 'never', message: 'Invalid key: Expected never but received "b"' }];
    expect(redactValue({ key: 'weather', problems })).toEqual({ key: 'weather', problems });
    expect(redactValue({ private_key: 'p', secret_key: 's', api_key: 'a' })).toEqual({
      private_key: '<redacted>',
      secret_key: '<redacted>',
      api_key: '<redacted>',
    });
  });

  it('does not change its input', () => {
    const input = { token: 't', inner: { secret: 's' } };
    redactValue(input);
    expect(input).toEqual({ token: 't', inner: { secret: 's' } });
  });

  it('stops at a bounded depth, so cyclic or very deep values cannot hang or overflow it', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    expect(() => JSON.stringify(redactValue(cyclic))).not.toThrow();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 50; i++) deep = { d: deep };
    expect(JSON.stringify(redactValue(deep))).toContain('[…]');
  });
});

describe('describeError', () => {
  it('gives one line: type and message, whitespace collapsed, redacted', () => {
    expect(describeError(new TypeError('bad\n   value  token=abc'))).toBe('TypeError: bad value token=<redacted>');
    class FetchFailed extends Error {
      override name = 'FetchFailed';
    }
    expect(describeError(new FetchFailed('https://u:p@h.invalid/'))).toBe(
      'FetchFailed: https://u:<redacted>@h.invalid/',
    );
  });

  it('describes thrown non-errors', () => {
    expect(describeError('plain password=x')).toBe('plain password=<redacted>');
    expect(describeError(42)).toBe('42');
    expect(describeError(undefined)).toBe('undefined');
  });

  it('is bounded to max characters, ending with an ellipsis, after redaction', () => {
    const long = describeError(new Error('x'.repeat(1_000)));
    expect(long).toHaveLength(400);
    expect(long.endsWith('x…')).toBe(true);
    expect(describeError(new Error('y'.repeat(1_000)), 50)).toHaveLength(50);
    const secretFirst = describeError(new Error(`token=${'s'.repeat(1_000)} tail`), 60);
    expect(secretFirst).toBe('Error: token=<redacted> tail');
    expect(describeError(new Error('short'), 50)).toBe('Error: short');
  });
});
