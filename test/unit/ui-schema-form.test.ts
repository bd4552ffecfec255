import { describe, expect, it } from 'vitest';
import { saveValues, secretPaths } from '../../components/schema-form/changes.ts';
import { defaultsOf, withDefaults } from '../../components/schema-form/defaults.ts';
import { normalizeField, setIn } from '../../components/schema-form/paths.ts';
import { fieldFor, placeProblems } from '../../components/schema-form/problems.ts';
import {
  enumLabel,
  fieldKind,
  orderedKeys,
  tableColumns,
  type JsonSchema,
} from '../../components/schema-form/schema.ts';
import { check } from '../../components/schema-form/validate.ts';
import { SCHEMA, VALUE } from '../browser/support/form-fixture.ts';

const schema = SCHEMA as unknown as JsonSchema;

describe('fieldKind reads what a property is', () => {
  it.each<[JsonSchema, string]>([
    [{ type: 'string' }, 'text'],
    [{ type: 'string', 'x-widget': 'textarea' }, 'textarea'],
    [{ type: 'string', format: 'time' }, 'time'],
    [{ type: 'string', x_widget: 'time-picker' }, 'time'],
    [{ type: 'string', pattern: '^([01]?[0-9]|2[0-3]):[0-5][0-9]$' }, 'time'],
    [{ type: 'string', pattern: '^\\d{2}:\\d{2}$' }, 'time'],
    [{ type: 'string', pattern: '^#[0-9a-fA-F]{6}$' }, 'color-hex'],
    [{ type: 'string', format: 'color' }, 'color-hex'],
    [{ type: 'string', 'x-secret': true }, 'secret'],
    [{ type: 'string', x_secret: true }, 'secret'],
    [{ type: 'integer' }, 'integer'],
    [{ type: ['number', 'null'] }, 'number'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: 'string', enum: ['a', 'b'] }, 'enum'],
    [{ enum: [1, 2] }, 'enum'],
    [{ type: 'array', items: { type: 'integer', minimum: 0, maximum: 255 }, minItems: 3, maxItems: 3 }, 'color-rgb'],
    [{ type: 'array', items: { type: 'integer' } }, 'list'],
    [{ type: 'array', items: { type: 'string', enum: ['x'] } }, 'checkbox-group'],
    [{ type: 'array', items: { type: 'object', properties: {} } }, 'table'],
    [{ properties: { a: { type: 'string' } } }, 'object'],
    [{ type: 'array', 'x-widget': 'file-upload', items: { type: 'object' } }, 'unsupported'],
    [{ type: 'null', 'x-widget': 'plugin-file-manager' }, 'unsupported'],
    [{}, 'unsupported'],
  ])('%j → %s', (s, kind) => {
    expect(fieldKind(s)).toBe(kind);
  });

  it('labels enum values from x-options.labels, then enumNames, then the value', () => {
    expect(enumLabel({ enum: ['a'], 'x-options': { labels: { a: 'Alpha' } } }, 'a')).toBe('Alpha');
    expect(enumLabel({ enum: [1, 2], enumNames: ['One', 'Two'] }, 2)).toBe('Two');
    expect(enumLabel({ enum: ['z'] }, 'z')).toBe('z');
  });

  it('orders properties by x-propertyOrder, then as declared; tables take x-columns', () => {
    expect(orderedKeys({ properties: { a: {}, b: {}, c: {} }, 'x-propertyOrder': ['c', 'zz', 'a'] })).toEqual([
      'c',
      'a',
      'b',
    ]);
    const table = { type: 'array', 'x-columns': ['b'], items: { type: 'object', properties: { a: {}, b: {} } } };
    expect(tableColumns(table)).toEqual(['b']);
  });
});

describe('defaults', () => {
  it('collect nested defaults; arrays start empty or with items.default', () => {
    expect(
      defaultsOf({
        properties: {
          a: { default: 1 },
          o: { properties: { b: { default: 'x' } } },
          l: { type: 'array', items: { type: 'string', default: 'i' } },
        },
      }),
    ).toEqual({ a: 1, o: { b: 'x' }, l: ['i'] });
  });

  it('fill missing and null values at any depth, keep set values and unknown keys', () => {
    const s: JsonSchema = {
      properties: { a: { default: 1 }, o: { properties: { b: { default: 2 }, c: { default: 3 } } } },
    };
    expect(withDefaults(s, { a: 5, o: { b: null }, extra: true })).toEqual({ a: 5, o: { b: 2, c: 3 }, extra: true });
  });
});

describe('paths', () => {
  it.each([
    ['location.city', 'location.city'],
    ['feeds.0.url', 'feeds.0.url'],
    ['feeds[0].url', 'feeds.0.url'],
    ['/feeds/0/url', 'feeds.0.url'],
    ['#/a~1b/c', 'a/b.c'],
  ])('normalizeField(%s) → %s', (input, out) => {
    expect(normalizeField(input)).toBe(out);
  });

  it('setIn copies along the path, creates containers, and removes a key set to undefined', () => {
    const a = { x: { y: 1 }, keep: { z: 1 } };
    const b = setIn(a, ['x', 'y'], 2) as typeof a;
    expect(b).toEqual({ x: { y: 2 }, keep: { z: 1 } });
    expect(a.x.y).toBe(1);
    expect(b.keep).toBe(a.keep);
    expect(setIn({}, ['l', 0, 'n'], 'v')).toEqual({ l: [{ n: 'v' }] });
    expect(setIn({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
  });
});

describe('saveValues', () => {
  const baseline = withDefaults(schema, VALUE) as Record<string, unknown>;

  it('finds secrets in objects and table rows', () => {
    expect(secretPaths(schema, baseline)).toEqual([['api_key'], ['backup_key'], ['feeds', 0, 'token']]);
  });

  it('sends nothing when nothing changed, and leaves untouched secrets out of the config', () => {
    const { changes, config } = saveValues(schema, baseline, baseline, new Map());
    expect(changes).toEqual({});
    expect(config).not.toHaveProperty('api_key');
    expect((config.feeds as Array<Record<string, unknown>>)[0]!.token).toBe('••••••••');
  });

  it('sends typed secrets, null for removed ones, and a removed optional value as null', () => {
    const draft = setIn(setIn(baseline, ['city'], 'Oslo'), ['location', 'country'], undefined) as Record<
      string,
      unknown
    >;
    const edits = new Map<string, string | null>([
      ['api_key', 'new'],
      ['backup_key', null],
      ['feeds.0.token', 'tok'],
    ]);
    const { changes, config } = saveValues(schema, baseline, draft, edits);
    expect(changes).toEqual({
      city: 'Oslo',
      location: { country: null },
      api_key: 'new',
      backup_key: null,
      feeds: [{ name: 'News', url: 'https://news.example.invalid/rss', max: 5, token: 'tok' }],
    });
    expect(config).toMatchObject({ api_key: 'new', backup_key: null });
  });
});

describe('checks before saving', () => {
  it('report each problem with its path', () => {
    const draft = {
      ...(withDefaults(schema, VALUE) as object),
      city: '',
      display_duration: 2.5,
      start_time: '25:00',
      feeds: [{ max: 0 }],
    };
    const fields = check(schema, draft, [], new Map()).map((p) => `${p.field}: ${p.message}`);
    expect(fields).toEqual([
      'city: Required',
      'display_duration: Enter a whole number',
      'start_time: Enter a time as HH:MM',
      'feeds.0.url: Required',
      'feeds.0.max: Must be at least 1',
    ]);
  });

  it('a required secret counts as present when stored, missing when removed', () => {
    const s: JsonSchema = { type: 'object', required: ['k'], properties: { k: { type: 'string', 'x-secret': true } } };
    expect(check(s, { k: '••••' }, [], new Map())).toEqual([]);
    expect(check(s, { k: '••••' }, [], new Map([['k', null]]))).toHaveLength(1);
    expect(check(s, { k: '' }, [], new Map([['k', 'typed']]))).toEqual([]);
  });
});

describe('problems are placed on the field that shows them', () => {
  it.each([
    ['location.city', 'location.city'],
    ['location.coords.lat', 'location.coords.lat'],
    ['feeds.0.url', 'feeds.0.url'],
    ['feeds.0', 'feeds'],
    ['feeds', 'feeds'],
    ['tags.2', 'tags.2'],
    ['text_color.1', 'text_color'],
    ['legacy_zoom', null],
    ['nope.deeper', null],
    ['(root)', null],
  ])('%s → %s', (key, field) => {
    expect(fieldFor(schema, key)).toBe(field);
  });

  it('a problem below a drawn field says which part it is about', () => {
    const placed = placeProblems(schema, [{ field: 'location.city.extra', message: 'bad' }]);
    expect(placed.byField.get('location.city')).toEqual(['Extra: bad']);
  });
});
