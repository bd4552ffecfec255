/**
 * What the fuzz test sends: values guided by a route's declared schema (so requests reach past
 * validation), and hostile shapes — long strings, deep nesting, many keys, malformed JSON and
 * forms, odd content types and charsets, huge and malformed query strings. Sizes stay within the
 * body limit, except one shape that exceeds it on purpose.
 */
import type { Random } from './random.ts';

type Json = Record<string, any>;
export const MB = 1024 * 1024;

const MASK = '\u2022'.repeat(8);
const STRINGS = [
  'weather',
  'plain',
  'clock',
  '',
  ' ',
  'true',
  '0',
  '-1',
  'null',
  MASK,
  '../../etc/passwd',
  '__proto__',
  'https://code.example.test/owner/repo',
  'https://user:secret@code.example.test/x.zip',
  'http://127.0.0.1:9/x',
  'file:///etc/passwd',
  'ftp://x.example.test/',
  '\u0000',
  '\u{1f600}\u202e',
  '%zz%',
  'a.b.c',
  '12:30',
  'Europe/Berlin',
];

export function randomString(r: Random): string {
  if (r.chance(0.1)) return r.text(r.pick([300, 3000, 40_000]));
  return r.pick(STRINGS);
}

function randomScalar(r: Random): unknown {
  return r.pick([
    () => randomString(r),
    () => r.int(1000) - 500,
    () => r.pick([1e308, -1e308, 0.5, 2 ** 53 + 1]),
    () => r.chance(0.5),
    () => null,
  ])();
}

export function randomJson(r: Random, depth = 0): unknown {
  if (depth > 3 || r.chance(0.4)) return randomScalar(r);
  if (r.chance(0.5)) return Array.from({ length: r.int(4) }, () => randomJson(r, depth + 1));
  return Object.fromEntries(Array.from({ length: r.int(4) }, () => [randomString(r), randomJson(r, depth + 1)]));
}

/** A value shaped by a JSON schema most of the time, anything some of the time. */
export function fromSchema(r: Random, schema: Json | undefined, depth = 0): unknown {
  if (!schema || depth > 4 || r.chance(0.15)) return randomJson(r, depth);
  const type = Array.isArray(schema.type) ? r.pick(schema.type) : schema.type;
  if (Array.isArray(schema.enum) && r.chance(0.7)) return r.pick(schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives)) return fromSchema(r, r.pick(alternatives), depth);
  if (type === 'string') return randomString(r);
  if (type === 'number' || type === 'integer') return r.pick([0, 1, 5, 60, 255, -3, 1e9, 1.5]);
  if (type === 'boolean') return r.chance(0.5);
  if (type === 'array') return Array.from({ length: r.int(3) }, () => fromSchema(r, schema.items, depth + 1));
  const props: Json = schema.properties ?? {};
  const out: Json = {};
  for (const [key, sub] of Object.entries(props)) if (r.chance(0.8)) out[key] = fromSchema(r, sub, depth + 1);
  if (r.chance(0.3)) out[randomString(r)] = randomJson(r, depth + 1);
  return out;
}

/** `depth` levels of objects or lists around a value, as text (a value this deep cannot be stringified). */
export function nested(r: Random, depth: number, inner = '1'): string {
  const open = r.chance(0.5) ? '[' : '{"k":';
  const close = open === '[' ? ']' : '}';
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** Hostile JSON texts of about `size` characters at most. */
export function hostileJson(r: Random, size: number, key: string): { label: string; text: string } {
  const n = Math.max(16, size);
  return r.pick([
    () => ({ label: `long string ${n}`, text: JSON.stringify({ [key]: 'A'.repeat(n - key.length - 10) }) }),
    () => {
      const depth = r.pick([65, 200, 5_000, Math.floor(n / 6)]);
      return { label: `nested ${depth}`, text: `{"${key}":${nested(r, depth)}}` };
    },
    () => {
      const count = Math.floor(n / 16);
      const keys = Array.from({ length: count }, (_, i) => `"k${i}":${i}`).join(',');
      return { label: `${count} keys`, text: `{"${key}":{${keys}}}` };
    },
    () => ({ label: `array of ${Math.floor(n / 2)}`, text: `{"${key}":[${'0,'.repeat(n / 2 - 8)}0]}` }),
    () => ({ label: `long key ${n}`, text: `{"${'k'.repeat(n - 20)}":1}` }),
    () => ({ label: 'long url', text: JSON.stringify({ [key]: `https://x.example.test/${'a/'.repeat(n / 2 - 20)}` }) }),
    () => ({ label: 'slashes', text: JSON.stringify({ [key]: `https://x.example.test${'/'.repeat(n - 40)}a` }) }),
    () => ({ label: 'digits', text: JSON.stringify({ [key]: `${'1'.repeat(n - 20)}x` }) }),
  ])();
}

export const MALFORMED_JSON = [
  '{',
  '{"a":',
  '{"a" 1}',
  '[1,2',
  '{"a":1}}',
  'nul',
  '"\\ud800"',
  '{"a":"\\x"}',
  '\ufeff{"a":1}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '1e99999',
  '-',
  '{"a":NaN}',
];

export const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  'application/vnd.api+json',
  'application/json;;;',
  'text/plain',
  'text/plain; charset=iso-8859-1',
  'application/xml',
  'multipart/form-data; boundary=----x',
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=iso-8859-1',
  'application/octet-stream',
  '*/*',
  `application/${'x'.repeat(2000)}`,
];

/** A form body: declared fields, long and dotted names, list fields, malformed escapes. */
export function formBody(r: Random, names: string[]): { label: string; text: string } {
  return r.pick([
    () => ({
      label: 'declared fields',
      text: names.map((n) => `${encodeURIComponent(n)}=${encodeURIComponent(randomString(r))}`).join('&'),
    }),
    () => {
      const parts = r.pick([31, 33, 1_000, 20_000]);
      return { label: `field of ${parts} parts`, text: `${'a.'.repeat(parts - 1)}b=1` };
    },
    () => ({ label: 'long field name', text: `${r.text(r.pick([255, 257, 100_000]))}=1` }),
    () => ({ label: 'many fields', text: Array.from({ length: 20_000 }, (_, i) => `f${i}=${i}`).join('&') }),
    () => ({ label: 'list fields', text: 'days[]=mon&days[]=&days[]=tue&x[]=' }),
    () => ({ label: 'one field repeated', text: `${r.pick(names)}=1&`.repeat(60_000) }),
    () => ({ label: 'malformed escapes', text: 'a=%&b=%zz&c=%c3%28&%=1&==&&&' }),
    () => ({ label: 'json in a field', text: `config=${encodeURIComponent(nested(r, 70))}&enabled=on` }),
    () => ({ label: 'digits', text: `display.hardware.rows=${'9'.repeat(50_000)}x` }),
  ])();
}

/** A query string (without `?`) for a route whose declared query names are `names`. */
export function queryString(r: Random, names: string[]): { label: string; text: string } {
  const value = () => encodeURIComponent(randomString(r));
  return r.pick([
    () => ({ label: 'declared', text: names.map((n) => `${n}=${value()}`).join('&') }),
    () => ({ label: 'none', text: '' }),
    () => ({ label: 'huge value', text: `${names[0] ?? 'q'}=${r.text(12_000)}` }),
    () => ({ label: 'many params', text: Array.from({ length: 1_500 }, (_, i) => `p${i}=${i}`).join('&') }),
    () => ({ label: 'repeated', text: Array.from({ length: 300 }, () => `${names[0] ?? 'q'}=a`).join('&') }),
    () => ({ label: 'malformed', text: `${names[0] ?? 'q'}=%&%zz=1&a=%c3%28&b[]=1&=&&` }),
    () => ({ label: 'unicode', text: `${names[0] ?? 'q'}=${encodeURIComponent('\u{1f600}\u0000\u202e')}` }),
  ])();
}

/** A value for a path parameter, percent-encoded as a client would (or deliberately not). */
export function pathValue(r: Random): string {
  return r.pick([
    'weather',
    'plain',
    'no-such-thing',
    '00000000-0000-0000-0000-000000000000',
    encodeURIComponent(randomString(r)),
    '..%2F..%2Fetc%2Fpasswd',
    '%00',
    '%zz',
    r.text(2_000),
    'index.js',
  ]);
}
