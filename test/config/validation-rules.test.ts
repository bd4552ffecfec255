import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { toProblems } from '../../core/platform/validation.ts';
import { ruleSentence } from '../../shared/validation-rules.ts';
import { setup } from './helpers.ts';

describe('a refused save names the rule and its limit beside the field', () => {
  it('plugin settings (the schema, checked by Ajv): maximum, minimum, type, enum, required', async () => {
    const s = await setup();
    const before = s.snapshot();
    const res = await s.call('POST', '/api/v3/plugins/config', {
      plugin_id: 'weather',
      config: { display_duration: 999, update_interval: 10, city: 7, units: 'kelvin', accounts: [{}] },
    });
    expect(res.status).toBe(400);
    const byField = Object.fromEntries(
      (res.body.context.problems as Array<Record<string, unknown>>).map((p) => [p.field, [p.rule, p.limit]]),
    );
    expect(byField).toEqual({
      display_duration: ['max', 300],
      update_interval: ['min', 60],
      city: ['type', 'string'],
      units: ['one_of', ['imperial', 'metric']],
      'accounts.0.name': ['required', undefined],
    });
    // Today's fields are still there for clients that read them.
    const duration = res.body.context.problems.find((p: { field: string }) => p.field === 'display_duration');
    expect(duration).toMatchObject({ expected: 'a number <= 300', received: '999' });
    expect(s.snapshot()).toEqual(before);
  });

  it("Marquee's own sections (valibot): the brightness limit, a wrong type, a choice", async () => {
    const s = await setup();
    const res = await s.call('POST', '/api/v3/config/main', {
      display: { hardware: { brightness: 150, rows: 'tall', hardware_mapping: 'nope' } },
    });
    expect(res.status).toBe(400);
    const problems = res.body.context.problems as Array<Record<string, unknown>>;
    expect(problems.find((p) => p.field === 'display.hardware.brightness')).toMatchObject({ rule: 'max', limit: 100 });
    expect(problems.find((p) => p.field === 'display.hardware.rows')).toMatchObject({ rule: 'type', limit: 'number' });
    const mapping = problems.find((p) => p.field === 'display.hardware.hardware_mapping')!;
    expect(mapping.rule).toBe('one_of');
    expect(mapping.limit).toContain('adafruit-hat');
  });

  it('request bodies name the rule too: a missing field is required, a string too long, a list too long', () => {
    const schema = v.object({
      id: v.string(),
      name: v.pipe(v.string(), v.maxLength(3)),
      tags: v.pipe(v.array(v.string()), v.maxLength(1)),
      n: v.pipe(v.number(), v.integer()),
      url: v.pipe(v.string(), v.url()),
      code: v.pipe(v.string(), v.regex(/^[a-z]+$/)),
    });
    const r = v.safeParse(schema, { name: 'long', tags: ['a', 'b'], n: 1.5, url: 'x', code: 'A' });
    const rules = toProblems(r.issues!).map((p) => [p.field, p.rule, p.limit]);
    expect(rules).toEqual([
      ['id', 'required', undefined],
      ['name', 'max_length', 3],
      ['tags', 'max_items', 1],
      ['n', 'type', 'integer'],
      ['url', 'format', 'uri'],
      ['code', 'pattern', '/^[a-z]+$/'],
    ]);
  });
});

describe('ruleSentence: one sentence per rule, in the words of the label', () => {
  it.each([
    ['max', 300, 'Display duration must be at most 300'],
    ['min', 1, 'Display duration must be at least 1'],
    ['exclusive_max', 10, 'Display duration must be less than 10'],
    ['type', 'integer', 'Display duration must be a whole number'],
    ['required', undefined, 'Display duration is required'],
    ['max_length', 1, 'Display duration must have at most 1 character'],
    ['min_items', 2, 'Display duration needs at least 2 items'],
    ['format', 'time', 'Display duration must be a time as HH:MM'],
    ['one_of', [5, 10, 15], 'Display duration must be 5, 10 or 15'],
    ['unknown', undefined, 'Display duration is not a setting Marquee knows'],
  ] as const)('%s %j', (rule, limit, sentence) => {
    expect(ruleSentence('Display duration', rule, limit)).toBe(sentence);
  });

  it('words allowed values as the form labels them', () => {
    const labels: Record<string, string> = { imperial: 'Fahrenheit', metric: 'Celsius' };
    expect(ruleSentence('Units', 'one_of', ['imperial', 'metric'], (x) => labels[String(x)]!)).toBe(
      'Units must be Fahrenheit or Celsius',
    );
  });
});
