import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../core/queue/json.ts';
import { decideForKey } from '../../core/queue/policy.ts';
import type { Operation } from '../../core/queue/index.ts';

const op = (id: string, status: Operation['status'], kind: string, params: Operation['params'] = {}) =>
  ({ id, status, kind, params }) as Operation;

describe('decideForKey', () => {
  const same = canonicalJson({ v: 1 });
  const other = canonicalJson({ v: 2 });
  const P = op('p', 'pending', 'install', { v: 1 });
  const R = op('r', 'running', 'install', { v: 1 });
  it.each([
    ['nothing active, any request', [], 'install', same, { action: 'insert' }],
    ['pending, identical request', [P], 'install', same, { action: 'coalesce', onto: P }],
    ['pending, same kind other params', [P], 'install', other, { action: 'conflict', blocking: P }],
    ['pending, other kind', [P], 'uninstall', same, { action: 'conflict', blocking: P }],
    ['running, identical request', [R], 'install', same, { action: 'insert' }],
    ['running, other kind', [R], 'uninstall', same, { action: 'conflict', blocking: R }],
    ['running and pending, identical', [R, P], 'install', same, { action: 'coalesce', onto: P }],
    ['running and pending, other', [R, P], 'enable', same, { action: 'conflict', blocking: P }],
  ] as const)('%s', (_name, active, kind, params, expected) => {
    expect(decideForKey(active as unknown as Operation[], kind, params)).toEqual(expected);
  });
});

describe('decideForKey with executor rules', () => {
  const rules = (kind: string) =>
    kind === 'run'
      ? {
          merge: (a: Operation['params'], b: Operation['params']) => ({
            force: !!(a as { force?: boolean }).force || !!(b as { force?: boolean }).force,
          }),
        }
      : kind === 'repair'
        ? { yields: true }
        : undefined;
  const plain = canonicalJson({ force: false });
  const forced = canonicalJson({ force: true });
  const P = op('p', 'pending', 'run', { force: false });
  const PF = op('pf', 'pending', 'run', { force: true });
  const R = op('r', 'running', 'run', { force: true });
  const Y = op('y', 'pending', 'repair', { plugin_id: 'x' });
  const I = op('i', 'running', 'install', {});
  it.each([
    ['merge: pending plain, forced request', [P], 'run', forced, { action: 'merge', onto: P, params: forced }],
    ['merge: pending forced, plain request', [PF], 'run', plain, { action: 'coalesce', onto: PF }],
    ['merge: running, other params', [R], 'run', plain, { action: 'insert' }],
    ['yields: pending repair, install request', [Y], 'install', plain, { action: 'insert', supersede: Y }],
    [
      'yields: identical repair request',
      [Y],
      'repair',
      canonicalJson({ plugin_id: 'x' }),
      { action: 'coalesce', onto: Y },
    ],
    ['yields, but another kind runs', [I, Y], 'uninstall', plain, { action: 'conflict', blocking: I }],
  ] as const)('%s', (_name, active, kind, params, expected) => {
    expect(decideForKey(active as unknown as Operation[], kind, params, rules)).toEqual(expected);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
  });

  it.each([
    [{ f: () => 1 }, 'params.f is not JSON data'],
    [{ n: NaN }, 'params.n is not a finite number'],
    [{ d: new Date(0) }, 'params.d is not JSON data'],
    [[1, new Map()], 'params[1] is not JSON data'],
    [undefined, 'params is not JSON data'],
  ])('refuses %o', (value, message) => {
    expect(() => canonicalJson(value)).toThrow(message);
  });
});
