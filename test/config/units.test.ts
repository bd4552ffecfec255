import { describe, expect, it } from 'vitest';
import { describeChange } from '../../core/config/change.ts';
import { nextBackupId } from '../../core/config/history.ts';
import { parseJson } from '../../core/config/files/json-text.ts';
import { resolveUnchanged, SECRET_MASK } from '../../core/config/secrets/mask.ts';
import { deepMerge } from '../../core/config/plan/merge.ts';
import { effectiveSchema, schemaDefaults, withDefaults } from '../../core/config/schema/plugin.ts';
import { normaliseSchedule } from '../../core/config/form/schedule.ts';
import { isSecretPath, treeFromSchema } from '../../core/config/secrets/tree.ts';
import { overlaySecrets, splitSecrets } from '../../core/config/secrets/split.ts';
import { isTimeZone } from '../../core/config/schema/core.ts';
import { WEATHER_SCHEMA } from '../support/plugins.ts';

describe('merge', () => {
  it('merges objects deeply, replaces arrays, and removes keys set to null', () => {
    const base = { a: { b: 1, c: [1, 2, 3] }, d: 'x', e: 1 };
    expect(deepMerge(base, { a: { c: [9] }, d: null, f: { g: null, h: 2 } })).toEqual({
      a: { b: 1, c: [9] },
      e: 1,
      f: { h: 2 },
    });
    expect(base).toEqual({ a: { b: 1, c: [1, 2, 3] }, d: 'x', e: 1 });
  });
});

describe('secret trees and the two-file layout', () => {
  const tree = treeFromSchema(WEATHER_SCHEMA);
  it('finds x-secret fields at the top level, in nested objects and in lists of objects', () => {
    expect(tree).toEqual({
      api_key: true,
      provider: { credentials: { client_secret: true } },
      accounts: { '[]': { token: true } },
    });
    expect(isSecretPath(tree, ['accounts', 3, 'token'])).toBe(true);
    expect(isSecretPath(tree, ['accounts', 3, 'name'])).toBe(false);
    expect(
      treeFromSchema({
        type: 'object',
        properties: { keys: { type: 'array', items: { type: 'string', x_secret: true } } },
      }),
    ).toEqual({ keys: true });
  });

  it('splits into parallel lists and puts them back together', () => {
    const value = {
      city: 'X',
      api_key: 'k',
      accounts: [{ name: 'a', token: 't' }, { name: 'b' }],
      provider: { name: 'p' },
    };
    const [regular, secret] = splitSecrets(value, tree);
    expect(regular).toEqual({ city: 'X', accounts: [{ name: 'a' }, { name: 'b' }], provider: { name: 'p' } });
    expect(secret).toEqual({ api_key: 'k', accounts: [{ token: 't' }, {}] });
    expect(overlaySecrets(regular, secret)).toEqual(value);
  });

  it('treats a mask anywhere, or a blank at a secret position, as the stored value', () => {
    const stored = { api_key: 'k', accounts: [{ name: 'a', token: 't' }], note: 'n' };
    const incoming = {
      api_key: '',
      accounts: [
        { name: 'a2', token: SECRET_MASK },
        { name: 'new', token: SECRET_MASK },
      ],
      note: '',
    };
    expect(resolveUnchanged(incoming, stored, (p) => isSecretPath(tree, p))).toEqual({
      accounts: [{ name: 'a2', token: 't' }, { name: 'new' }],
      note: '',
      api_key: 'k',
    });
  });
});

describe('plugin schemas', () => {
  it('add the core properties, never required, and merge defaults (device location included)', () => {
    const schema = effectiveSchema({
      $id: 'x',
      type: 'object',
      properties: { display_duration: { type: 'number', minimum: 5 } },
      required: ['enabled', 'x'],
    });
    expect(schema.required).toEqual(['x']);
    expect(schema.$id).toBeUndefined();
    expect((schema.properties as Record<string, unknown>).display_duration).toEqual({
      allOf: [{ type: 'number', minimum: 5 }, expect.objectContaining({ minimum: 1, maximum: 300 })],
    });
    const defaults = schemaDefaults(
      {
        type: 'object',
        properties: {
          location_city: { type: 'string', default: 'Dallas' },
          n: { type: 'object', properties: { m: { default: 2 } } },
        },
      },
      { city: 'Oslo' },
    );
    expect(defaults).toEqual({
      enabled: true,
      display_duration: 15,
      live_priority: false,
      location_city: 'Oslo',
      n: { m: 2 },
    });
    expect(withDefaults(defaults, { n: { m: null }, extra: [1] })).toMatchObject({ n: { m: 2 }, extra: [1] });
  });
});

describe('schedules, time zones, JSON errors, backup ids', () => {
  it('reads LEDMatrix per-day form fields', () => {
    expect(
      normaliseSchedule({ enabled: 'on', monday_start: '08:00', monday_end: '20:00', tuesday_enabled: 'false' }),
    ).toEqual({
      enabled: true,
      mode: 'per-day',
      days: { monday: { start_time: '08:00', end_time: '20:00', enabled: true }, tuesday: { enabled: false } },
    });
  });

  it('accepts IANA names and aliases, refuses offsets and inventions', () => {
    for (const z of ['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'US/Central', 'Etc/GMT+5'])
      expect(isTimeZone(z)).toBe(true);
    for (const z of ['Mars/Olympus', '+01:00', '', 'Europe/']) expect(isTimeZone(z)).toBe(false);
  });

  it('locates a JSON error by line and column', () => {
    expect(parseJson('{\n  "a": 1\n  "b": 2\n}')).toMatchObject({ ok: false, error: { line: 3, column: 3 } });
    expect(parseJson('{"a":')).toMatchObject({ ok: false, error: { line: 1, column: 6 } });
  });

  it('names backups after every existing one, even when the clock steps back', () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    expect(nextBackupId(t)).toBe('20260102T030405678Z-0000');
    expect(nextBackupId(t, '20260102T030405678Z-0000')).toBe('20260102T030405678Z-0001');
    expect(nextBackupId(t - 1000, '20260102T030405678Z-0007')).toBe('20260102T030405678Z-0008');
    expect(nextBackupId(t + 1, '20260102T030405678Z-0007')).toBe('20260102T030405679Z-0000');
  });
});

describe('JSON errors', () => {
  it('are located without quoting the file (it may hold secrets)', () => {
    const cases: Array<[string, number, number, string]> = [
      ['{"a": supersecret}', 1, 7, 'expected a value'],
      ['{\n  "token": "abc"\n  "x": 1\n}', 3, 3, "expected ',' or '}'"],
      ['{"a": "abc\nxyz"}', 1, 11, 'control character'],
      ['{"a": [1, 2}', 1, 12, "expected ',' or ']'"],
      ['{"a": 1}}', 1, 9, 'nothing more'],
      ['{"a": "x\\q"}', 1, 10, 'escape'],
      ["{'a': 1}", 1, 2, 'property name'],
      ['', 1, 1, 'end of file'],
    ];
    for (const [text, line, column, says] of cases) {
      const r = parseJson(text);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error, text).toMatchObject({ line, column });
      expect(r.error.message).toContain(says);
      expect(r.error.message).not.toMatch(/supersecret|abc|xyz/);
    }
  });
});

describe('describeChange', () => {
  it('keeps the shape of a change for the history, never its values', () => {
    const d = describeChange({
      op: 'plugin',
      plugin_id: 'weather',
      config: { api_key: 'k-1', rows: [1, 2], n: { x: 'y' } },
    });
    expect(d).toEqual({
      op: 'plugin',
      plugin_id: 'weather',
      config: { api_key: 'string', rows: 'array(2)', n: { x: 'string' } },
    });
    expect(JSON.stringify(describeChange({ op: 'raw', file: 'secrets', content: { a: 'k-1' } }))).not.toContain('k-1');
  });
});
