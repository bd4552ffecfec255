import { describe, expect, it } from 'vitest';
import { judgeDeath } from '../../core/hosts/blame.ts';
import type { HostDeath } from '../../core/hosts/host-process.ts';

const death = (d: Partial<HostDeath>): HostDeath => ({
  reason: 'x',
  kind: 'crash',
  named: null,
  inFlight: [],
  during: {},
  ...d,
});

describe('who caused a host to die', () => {
  it.each<[string, Partial<HostDeath>, string[], { blamed: string[]; suspects: string[] }]>([
    ['a host of one plugin: that plugin, whatever happened', { kind: 'crash' }, ['a'], { blamed: ['a'], suspects: [] }],
    ['… also for memory', { kind: 'memory', named: 'a' }, ['a'], { blamed: ['a'], suspects: [] }],
    ['a stop blames no one', { kind: 'stopped' }, ['a', 'b'], { blamed: [], suspects: [] }],
    [
      'shared, crash with one request in flight: its plugin',
      { inFlight: ['b', 'b'] },
      ['a', 'b', 'c'],
      { blamed: ['b'], suspects: [] },
    ],
    [
      'shared, crash with two in flight: both suspects, none counted',
      { inFlight: ['a', 'b'] },
      ['a', 'b', 'c'],
      { blamed: [], suspects: ['a', 'b'] },
    ],
    [
      'shared, crash with nothing in flight: every plugin a suspect',
      {},
      ['a', 'b'],
      { blamed: [], suspects: ['a', 'b'] },
    ],
    [
      'shared, a missed deadline with no older request: its plugin',
      { kind: 'hang', named: 'b', inFlight: ['b', 'a'] },
      ['a', 'b'],
      { blamed: ['b'], suspects: [] },
    ],
    [
      'shared, a missed deadline behind an older request: both suspects',
      { kind: 'hang', named: 'b', inFlight: ['a', 'b'] },
      ['a', 'b'],
      { blamed: [], suspects: ['a', 'b'] },
    ],
    [
      'shared, over its memory ceiling: the plugin that grew it most, a suspect',
      { kind: 'memory', named: 'c' },
      ['a', 'c'],
      { blamed: [], suspects: ['c'] },
    ],
  ])('%s', (_, d, members, verdict) => {
    expect(judgeDeath(death(d), members)).toEqual(verdict);
  });
});
