import { describe, expect, it } from 'vitest';
import { registrations } from '../../core/http/router-paths.ts';

describe('where each route is registered for the RegExp router', () => {
  it.each([
    [['/a/history', '/a/:id'], '/a/history', { path: '/a/:id', literal: { param: 'id', value: 'history' } }],
    [['/a/history', '/a/:id'], '/a/:id', { path: '/a/:id' }],
    [
      ['/a/history/x', '/a/:id/cancel'],
      '/a/history/x',
      { path: '/a/:id/x', literal: { param: 'id', value: 'history' } },
    ],
    [['/a/b', '/c/:id'], '/a/b', { path: '/a/b' }],
    [['/a', '/a/:id'], '/a', { path: '/a' }],
    [['/a/b/c', '/a/:x/d'], '/a/b/c', { path: '/a/:x/c', literal: { param: 'x', value: 'b' } }],
    [['/x/a/b', '/y/:id'], '/x/a/b', { path: '/x/a/b' }],
  ])('%j: %s → %j', (paths, path, expected) => {
    expect(registrations(paths).get(path)).toEqual(expected);
  });
});
