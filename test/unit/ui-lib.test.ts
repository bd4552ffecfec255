import { describe, expect, it } from 'vitest';
import { ApiError, asApiError } from '../../components/lib/api-error.ts';
import { duration, humanize } from '../../components/lib/format.ts';
import { parseHash, routeHash } from '../../components/lib/router.ts';
import { configProblems } from '../../components/page-plugin-settings/config-problems.ts';

describe('hash routes', () => {
  it.each([
    ['', { page: 'overview' }],
    ['#/', { page: 'overview' }],
    ['#/store', { page: 'store' }],
    ['#/plugins/clock', { page: 'plugins', pluginId: 'clock' }],
    ['#/plugins/ledmatrix-weather', { page: 'plugins', pluginId: 'ledmatrix-weather' }],
    ['#/plugins/..%2Fx', { page: 'plugins' }],
    ['#/nowhere', { page: 'overview' }],
    ['#/health/extra', { page: 'health' }],
    ['#/settings/schedule', { page: 'settings', section: 'schedule' }],
    ['#/settings/nowhere', { page: 'settings' }],
  ])('%s → %j', (hash, route) => {
    expect(parseHash(hash)).toEqual(route);
  });

  it('round-trips through routeHash', () => {
    for (const r of [
      { page: 'history' as const },
      { page: 'plugins' as const, pluginId: 'a.b_c' },
      { page: 'settings' as const, section: 'backups' as const },
    ])
      expect(parseHash(routeHash(r))).toEqual(r);
  });
});

describe('errors shown by views', () => {
  it('keep field problems and their details; other thrown values become a client error', () => {
    const e = new ApiError({
      code: 'VALIDATION_ERROR',
      message: 'bad',
      status: 400,
      context: { problems: [{ field: 'a', message: 'm' }, { nonsense: true }] },
    });
    expect(e.problems).toEqual([{ field: 'a', message: 'm' }]);
    expect(JSON.parse(e.toDetails())).toMatchObject({ error_code: 'VALIDATION_ERROR', http_status: 400 });
    expect(asApiError(new TypeError('x is undefined'))).toMatchObject({
      code: 'CLIENT_ERROR',
      message: 'x is undefined',
    });
    const foreign = Object.assign(new Error('from another bundle'), {
      name: 'ApiError',
      code: 'QUEUE_FULL',
      status: 429,
      fixes: ['Wait'],
      context: {},
    });
    expect(asApiError(foreign)).toMatchObject({
      code: 'QUEUE_FULL',
      status: 429,
      fixes: ['Wait'],
      message: 'from another bundle',
    });
  });

  it("map a save's problems from the request body onto the plugin's config", () => {
    expect(
      configProblems([
        { field: 'config.location.city', message: 'a' },
        { field: 'config', message: 'b' },
        { field: 'plugin_id', message: 'c' },
      ]).map((p) => p.field),
    ).toEqual(['location.city', '(root)', 'plugin_id']);
  });
});

describe('format', () => {
  it.each([
    [0, '0 s'],
    [59, '59 s'],
    [61, '1 min 1 s'],
    [3600, '1 h'],
    [90061, '1 d 1 h'],
  ])('duration(%s) → %s', (s, text) => {
    expect(duration(s)).toBe(text);
  });

  it('humanizes keys', () => {
    expect(humanize('last_write_age_ms')).toBe('Last write age ms');
  });
});
