import { describe, expect, it } from 'vitest';
import { compareRoutePaths, routeFromFile } from '../../core/http/file-routes.ts';

describe('routeFromFile maps a file path to its route', () => {
  it.each([
    ['api/v3/health.ts', { kind: 'route', path: '/api/v3/health', params: [] }],
    ['api/v3/system/version.ts', { kind: 'route', path: '/api/v3/system/version', params: [] }],
    ['api/v3/openapi.json.ts', { kind: 'route', path: '/api/v3/openapi.json', params: [] }],
    ['api/v3/plugins/index.ts', { kind: 'route', path: '/api/v3/plugins', params: [] }],
    ['index.ts', { kind: 'route', path: '/', params: [] }],
    ['api/v3/plugins/operation/[id].ts', { kind: 'route', path: '/api/v3/plugins/operation/:id', params: ['id'] }],
    [
      'api/v3/plugins/operation/[id]/cancel.ts',
      { kind: 'route', path: '/api/v3/plugins/operation/:id/cancel', params: ['id'] },
    ],
    ['api/v3/plugins/[id]/[mode].ts', { kind: 'route', path: '/api/v3/plugins/:id/:mode', params: ['id', 'mode'] }],
    ['api/_middleware.ts', { kind: 'middleware', path: '/api' }],
    ['_middleware.ts', { kind: 'middleware', path: '/' }],
    ['api/v3/[id]/_middleware.ts', { kind: 'middleware', path: '/api/v3/:id' }],
    ['api/v3/_helpers.ts', { kind: 'ignored' }],
    ['api/_lib/thing.ts', { kind: 'ignored' }],
    ['api/v3/health.test.ts', { kind: 'ignored' }],
    ['api/v3/types.d.ts', { kind: 'ignored' }],
    ['api/v3/readme.md', { kind: 'ignored' }],
    ['api/v3/[bad-name].ts', { kind: 'route', path: '/api/v3/[bad-name]', params: [] }],
    ['api\\v3\\windows.ts', { kind: 'route', path: '/api/v3/windows', params: [] }],
  ])('%s', (file, expected) => {
    expect(routeFromFile(file)).toEqual(expected);
  });
});

describe('compareRoutePaths puts static segments before parameters', () => {
  it.each([
    ['/plugins/installed', '/plugins/:id', -1],
    ['/plugins/:id', '/plugins/installed', 1],
    ['/plugins/:id/cancel', '/plugins/history/x', 1],
    ['/a/b', '/a/c', -1],
    ['/a', '/a/b', -1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareRoutePaths(a, b))).toBe(sign);
  });

  it('sorts a table so every static path precedes the parameter path it overlaps', () => {
    const sorted = ['/p/:id', '/p/installed', '/p/:id/x', '/p/state', '/q'].sort(compareRoutePaths);
    expect(sorted).toEqual(['/p/installed', '/p/state', '/p/:id', '/p/:id/x', '/q']);
  });
});
