import { describe, expect, it } from 'vitest';
import { validateCoreSections } from '../../core/config/schema/validate-core.ts';
import { cardProblems, cardValue, SETTINGS_CARDS, type SettingsCard } from '../../components/page-settings/sections.ts';
import type { JsonSchema } from '../../components/schema-form/schema.ts';

const card = (id: string) => SETTINGS_CARDS.find((c) => c.id === id)!;

describe('settings cards', () => {
  it('a section card edits the section; a card of keys edits those keys', () => {
    const config = { display: { hardware: { rows: 32 } }, timezone: 'UTC', location: { city: 'Oslo' }, web: {} };
    expect(cardValue(card('display'), config)).toEqual({ hardware: { rows: 32 } });
    expect(cardValue(card('location'), config)).toEqual({ timezone: 'UTC', location: { city: 'Oslo' } });
    expect(cardValue(card('github'), config)).toEqual({});
  });

  it.each([
    ['display', 'display.hardware.rows', 'hardware.rows'],
    ['display', 'display', '(root)'],
    ['display', 'schedule.start_time', 'schedule.start_time'],
    ['location', 'timezone', 'timezone'],
    ['location', 'location.lat', 'location.lat'],
    ['schedule', 'schedule.days.monday.start_time', 'days.monday.start_time'],
  ])('on the %s card, the server problem at %s is shown at %s', (id, field, shown) => {
    expect(cardProblems(card(id), [{ field, message: 'm' }])).toEqual([{ field: shown, message: 'm' }]);
  });
});

/** Every ranged number of a card's schema, with its path into the card's value. */
function ranged(schema: JsonSchema, path: string[] = []): Array<{ path: string[]; min: number; max: number }> {
  return Object.entries(schema.properties ?? {}).flatMap(([key, s]) =>
    s.properties
      ? ranged(s, [...path, key])
      : typeof s.minimum === 'number' && typeof s.maximum === 'number'
        ? [{ path: [...path, key], min: s.minimum, max: s.maximum }]
        : [],
  );
}

const nest = (c: SettingsCard, path: string[], value: unknown): Record<string, unknown> => {
  const inner = path.reduceRight<unknown>((acc, key) => ({ [key]: acc }), value) as Record<string, unknown>;
  return c.section ? { [c.section]: inner } : inner;
};

describe("the forms' ranges are the server's", () => {
  const cases = SETTINGS_CARDS.flatMap((c) => ranged(c.schema).map((r) => ({ card: c, ...r })));

  it.each(cases.map((c) => [c.card.id, c.path.join('.'), c] as const))('%s %s', (_id, _path, c) => {
    const check = (v: number) => validateCoreSections(nest(c.card, c.path, v), [c.card.section ?? c.path[0]!]);
    expect(check(c.min)).toEqual([]);
    expect(check(c.max)).toEqual([]);
    expect(check(c.min - 1)).not.toEqual([]);
    expect(check(c.max + 1)).not.toEqual([]);
  });
});
