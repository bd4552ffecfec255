/**
 * The pieces that keep hostile input cheap: each gives the same answer on ordinary input as before
 * and a bounded one on input built to be expensive (a megabyte of one character, deep nesting).
 */
import { describe, expect, it } from 'vitest';
import { describeChange } from '../../core/config/change.ts';
import { parseJson } from '../../core/config/files/json-text.ts';
import { formTree, NO_KEYS, type KeyScope } from '../../core/config/form/tree.ts';
import { redact } from '../../core/platform/errors/redact.ts';
import { depthExceededAt, MAX_JSON_DEPTH } from '../../core/platform/json-depth.ts';
import { clip, trimEnd } from '../../core/platform/text.ts';
import { preview } from '../../core/platform/validation.ts';

const MB = 1024 * 1024;

describe('depthExceededAt', () => {
  it.each([
    ['{}', 64, -1],
    ['[[1]]', 2, -1],
    ['[[[1]]]', 2, 2],
    ['{"a":{"b":[1]}}', 3, -1],
    ['{"a":{"b":[1]}}', 2, 10],
    // brackets in strings, escaped quotes included, do not count
    ['["[[[[", "\\"[[[["]', 1, -1],
    ['[1],[2],[3]', 1, -1],
  ])('%s within %i → %i', (text, max, at) => {
    expect(depthExceededAt(text, max)).toBe(at);
  });

  it('stops at the first bracket past the limit, however deep the text goes', () => {
    expect(depthExceededAt('['.repeat(MB))).toBe(MAX_JSON_DEPTH);
    expect(depthExceededAt(`{"a":"${'['.repeat(MB)}"}`)).toBe(-1);
  });
});

describe('config files nested past the limit', () => {
  it('do not parse, with the place they go too deep, like a syntax error', () => {
    expect(parseJson(`{\n  "a": ${'['.repeat(100_000)}`)).toEqual({
      ok: false,
      error: { message: `nested deeper than ${MAX_JSON_DEPTH} levels`, line: 2, column: 71 },
    });
    expect(parseJson(`{"a":${'['.repeat(63)}${']'.repeat(63)}}`).ok).toBe(true);
  });
});

describe('text helpers', () => {
  it('clip keeps short text and cuts long text to max characters with an ellipsis', () => {
    expect(clip('abc', 3)).toBe('abc');
    expect(clip('abcd', 3)).toBe('ab…');
    expect(clip('x'.repeat(MB), 80)).toHaveLength(80);
  });

  it('trimEnd removes only trailing copies of one character', () => {
    expect(trimEnd('https://h/a///', '/')).toBe('https://h/a');
    expect(trimEnd('///', '/')).toBe('');
    expect(trimEnd('a/b', '/')).toBe('a/b');
    expect(trimEnd(`${'/'.repeat(MB)}a`, '/')).toHaveLength(MB + 1);
  });
});

describe('preview', () => {
  it('reads like JSON for small values', () => {
    expect(preview('x')).toBe('"x"');
    expect(preview({ a: [1, true, null], b: 'c' })).toBe('{"a":[1,true,null],"b":"c"}');
    expect(preview(undefined)).toBe('nothing');
  });

  it('is at most max characters for any value, built without serialising it whole', () => {
    const huge = { list: Array.from({ length: 100_000 }, (_, i) => ({ i, s: 'y'.repeat(100) })) };
    for (const v of ['x'.repeat(MB), huge, Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))])
      expect(preview(v, 80).length).toBeLessThanOrEqual(80);
  });
});

describe('redact on input built to be expensive', () => {
  it.each([
    ['letters', 'A'.repeat(MB)],
    ['a URL with a long path', `https://x.example/${'a'.repeat(MB)}`],
    ['schemes', 'a://'.repeat(MB / 4)],
    ['a token without an end', `"token":"${'a'.repeat(MB)}`],
    ['a credential name followed by spaces', `authorization${' '.repeat(MB)}x`],
  ])('%s: left as it is', (_, text) => {
    // Compared as a flag: a diff of a megabyte helps nobody.
    expect(redact(text) === text).toBe(true);
  });

  it('redacts a megabyte-long credential whole', () => {
    expect(redact(`authorization: ${'A'.repeat(MB)}`)).toBe('authorization: <redacted>');
  });

  it('still redacts every userinfo among many URLs', () => {
    const text = 'https://u:p@h.example/ '.repeat(10_000);
    expect(redact(text)).toBe('https://u:<redacted>@h.example/ '.repeat(10_000));
    expect(redact('a://b:c://d@e')).toBe('a://b:c://<redacted>@e');
    expect(redact('ftp://:x@h/ https://u:@h/')).toBe('ftp://:x@h/ https://u:@h/');
  });
});

describe('form field names', () => {
  const scope = (keys: string[], below: KeyScope = NO_KEYS): KeyScope => ({
    has: (k) => keys.includes(k),
    parts: Math.max(1, ...keys.map((k) => k.split('.').length)),
    child: () => below,
  });

  it('are split on dots, a known dotted key kept whole', () => {
    const leagues = scope(['fifa.world', 'nfl']);
    const root: KeyScope = {
      has: (k) => k === 'leagues',
      parts: 1,
      child: (k) => (k === 'leagues' ? leagues : NO_KEYS),
    };
    expect(formTree({ 'leagues.fifa.world.enabled': 'on', 'a.b': '1' }, root)).toEqual({
      leagues: { 'fifa.world': { enabled: 'on' } },
      a: { b: '1' },
    });
  });

  it('are refused past 256 characters or 32 parts, naming the limit', () => {
    expect(() => formTree({ [`${'a.'.repeat(31)}b`]: '1' }, NO_KEYS)).not.toThrow();
    expect(() => formTree({ [`${'a.'.repeat(32)}b`]: '1' }, NO_KEYS)).toThrow(/32 dot-separated parts/);
    expect(() => formTree({ ['a'.repeat(257)]: '1' }, NO_KEYS)).toThrow(/256 characters/);
  });
});

describe('describeChange', () => {
  it('keeps at most 50 keys an object and 6 levels, saying how many more there were', () => {
    const patch = Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]));
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 10; i++) deep = { d: deep };
    const d = describeChange({ op: 'main', patch: { ...patch, deep } }) as { patch: Record<string, unknown> };
    expect(Object.keys(d.patch)).toHaveLength(51);
    expect(d.patch['…']).toBe('19951 more keys');
    expect(JSON.stringify(describeChange({ op: 'main', patch: deep }))).toContain('"object(1)"');
  });
});
