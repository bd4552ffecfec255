import { describe, expect, it } from 'vitest';
import { isFinished, newer, operationOf, type OperationView } from '../../components/lib/operation-types.ts';
import {
  durationOf,
  healthBadge,
  moveTo,
  rotationOrder,
  type InstalledPlugin,
  type PluginHealth,
} from '../../components/page-plugins/plugin-model.ts';
import {
  age,
  applyFilters,
  filterOptions,
  NO_FILTERS,
  type StoreEntry,
} from '../../components/page-store/store-model.ts';
import { matches, present } from '../../core/registry/catalog.ts';
import { parseRegistry } from '../../core/registry/registry-format.ts';
import { monorepoRegistry } from '../support/registry.ts';

describe('rotation order', () => {
  it('lists the saved order first (unknown ids dropped), then the rest by id', () => {
    expect(rotationOrder(['weather', 'clock', 'stocks'], ['stocks', 'gone', 'clock'])).toEqual([
      'stocks',
      'clock',
      'weather',
    ]);
    expect(rotationOrder(['b', 'a'], undefined)).toEqual(['a', 'b']);
    expect(rotationOrder(['b', 'a'], 'not a list')).toEqual(['a', 'b']);
  });

  it.each([
    [['a', 'b', 'c'], 'c', 0, ['c', 'a', 'b']],
    [['a', 'b', 'c'], 'a', 2, ['b', 'c', 'a']],
    [['a', 'b', 'c'], 'b', 9, ['a', 'c', 'b']],
    [['a', 'b', 'c'], 'b', -3, ['b', 'a', 'c']],
    [['a', 'b'], 'x', 0, ['a', 'b']],
  ])('moveTo(%j, %s, %i) → %j', (order, id, to, expected) => {
    expect(moveTo(order, id, to)).toEqual(expected);
  });
});

const plugin = (extra: Partial<InstalledPlugin> = {}) =>
  ({ id: 'p', state: 'enabled', error_info: null, ...extra }) as InstalledPlugin;
const health = (extra: Partial<PluginHealth>): PluginHealth => ({
  plugin_id: 'p',
  circuit_state: 'closed',
  healthy: true,
  consecutive_failures: 0,
  total_failures: 0,
  last_error: null,
  last_error_at: null,
  opened_at: null,
  ...extra,
});

describe('health badge', () => {
  it.each([
    ['no record', plugin(), undefined, { text: 'Healthy', level: 'ok', resettable: false }],
    [
      'breaker open',
      plugin(),
      health({ circuit_state: 'open', last_error: 'x' }),
      { text: 'Breaker open', level: 'danger', detail: 'x', resettable: true },
    ],
    [
      'half open',
      plugin(),
      health({ circuit_state: 'half_open' }),
      { text: 'Recovering', level: 'warn', resettable: true },
    ],
    [
      'failing',
      plugin(),
      health({ consecutive_failures: 2, last_error: 'y' }),
      { text: 'Failing (2×)', level: 'warn', detail: 'y' },
    ],
    [
      'failed install state wins',
      plugin({
        state: 'incompatible',
        error_info: { error: 'needs 2.0', error_type: 'incompatible', timestamp: null },
      }),
      health({ circuit_state: 'open' }),
      { text: 'Incompatible', level: 'danger', detail: 'needs 2.0', resettable: false },
    ],
    [
      'a failed operation on a running plugin warns; an open breaker still wins',
      plugin({ error_info: { error: 'update failed: x', error_type: 'operation', timestamp: null } }),
      health({ consecutive_failures: 0 }),
      { text: 'Last change failed', level: 'warn', detail: 'update failed: x' },
    ],
    [
      'an open breaker over a failed operation',
      plugin({ error_info: { error: 'update failed: x', error_type: 'operation', timestamp: null } }),
      health({ circuit_state: 'open', last_error: 'render: boom' }),
      { text: 'Breaker open', level: 'danger', detail: 'render: boom' },
    ],
  ])('%s', (_name, p, h, expected) => {
    expect(healthBadge(p, h)).toMatchObject(expected);
  });
});

describe('display duration', () => {
  it('reads a positive number (or numeric text) from the plugin’s section; anything else is the default', () => {
    expect(durationOf({ clock: { display_duration: 30 } }, 'clock')).toBe(30);
    expect(durationOf({ clock: { display_duration: '12' } }, 'clock')).toBe(12);
    expect(durationOf({ clock: { display_duration: 0 } }, 'clock')).toBeNull();
    expect(durationOf({ clock: {} }, 'clock')).toBeNull();
    expect(durationOf({}, 'clock')).toBeNull();
  });
});

describe('store filters', () => {
  const entries = parseRegistry(monorepoRegistry(), 'test').entries;
  const shown = entries.map((e) => present(e, new Map()) as unknown as StoreEntry);
  const { categories, tags } = filterOptions(shown);

  it('offer every category and tag of the list, sorted', () => {
    expect(categories.length).toBeGreaterThan(2);
    expect(tags).toEqual([...tags].sort((a, b) => a.localeCompare(b)));
  });

  it('pick the same plugins as the server’s filter for the same query', () => {
    const cases = [
      { ...NO_FILTERS, query: 'score' },
      { ...NO_FILTERS, query: 'CLOCK' },
      { ...NO_FILTERS, category: categories[0]! },
      { ...NO_FILTERS, tag: tags[0]! },
      { ...NO_FILTERS, verifiedOnly: true },
      { ...NO_FILTERS, query: 'a', category: categories[1]!, verifiedOnly: true },
    ];
    for (const f of cases) {
      const server = entries
        .filter((e) =>
          matches(e, {
            query: f.query || undefined,
            category: f.category || undefined,
            tags: f.tag ? [f.tag] : undefined,
            verified: f.verifiedOnly ? true : undefined,
          }),
        )
        .map((e) => e.id);
      expect(applyFilters(shown, f).map((e) => e.id)).toEqual(server);
    }
  });

  it('say how long ago the data was confirmed', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(age(null, now)).toBeNull();
    expect(age('2026-01-01T11:59:30Z', now)).toBe('less than a minute');
    expect(age('2026-01-01T11:57:00Z', now)).toBe('3 min');
  });
});

describe('operation views', () => {
  const op = (status: OperationView['status'], updated: string | null, progress = 0) =>
    ({ ...operationOf({ operation_id: 'o', status }, 'p', 'install'), updated_at: updated, progress }) as OperationView;

  it('keep the later of two copies, and a finished one over any unfinished one', () => {
    const early = op('running', '2026-01-01T00:00:01Z', 0.1);
    const late = op('running', '2026-01-01T00:00:02Z', 0.5);
    expect(newer(early, late)).toBe(late);
    expect(newer(late, early)).toBe(late);
    const done = op('completed', '2026-01-01T00:00:01Z', 1);
    expect(newer(done, late)).toBe(done);
    expect(newer(op('pending', null), early)).toBe(early);
    expect(isFinished(done) && !isFinished(late)).toBe(true);
  });

  it('read a finished operation (200) as itself and a queued one (202) as pending', () => {
    const full = { ...op('completed', null), operation_type: 'update' };
    expect(operationOf(full, 'x', 'install')).toBe(full);
    expect(operationOf({ operation_id: 'q', status: 'pending' }, 'clock', 'install')).toMatchObject({
      operation_id: 'q',
      plugin_id: 'clock',
      operation_type: 'install',
      status: 'pending',
    });
  });
});
