import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import {
  assertCompatible,
  checkCompatibility,
  isUpdateAvailable,
  parseLooseVersion,
} from '../../core/plugins/package/compat.ts';

const m = (extra: Record<string, unknown>) => ({ id: 'demo', ...extra });

describe('compatibility with the running Marquee version', () => {
  it.each([
    [{}, '0.1.0', true],
    [{ compatible_versions: ['>=0.1.0'] }, '0.1.0', true],
    [{ compatible_versions: ['>=0.2.0'] }, '0.1.0', false],
    [{ compatible_versions: ['^1.0.0'] }, '1.4.2', true],
    [{ compatible_versions: ['^1.0.0'] }, '2.0.0', false],
    [{ compatible_versions: ['~1.2.0'] }, '1.2.9', true],
    [{ compatible_versions: ['~1.2.0'] }, '1.3.0', false],
    [{ compatible_versions: ['1.0.0 - 1.5.0'] }, '1.5.0', true],
    [{ compatible_versions: ['<0.1.0', '>=0.1.0 <0.2.0'] }, '0.1.5', true],
    [{ compatible_versions: ['>=0.1.0'] }, '0.2.0-dev.1', true],
    [{ min_marquee_version: '0.1.0' }, '0.1.0', true],
    [{ min_marquee_version: '0.2.0' }, '0.1.9', false],
    [{ min_marquee_version: 'v0.2.0' }, '0.2.0-beta.1', true],
    [{ compatible_versions: ['>=0.1.0'], min_marquee_version: '0.3.0' }, '0.2.0', false],
    [{ compatible_versions: ['>=9.0.0'] }, 'not-a-version', true],
  ])('%j on Marquee %s → %s', (bounds, core, ok) => {
    expect(checkCompatibility(m(bounds), core).compatible).toBe(ok);
  });

  it('the refusal names the plugin and both versions, and is terminal', () => {
    try {
      assertCompatible(m({ min_marquee_version: '2.0.0' }), '0.1.0');
      throw new Error('not refused');
    } catch (e) {
      const err = e as AppError;
      expect(err.code).toBe('PLUGIN_INCOMPATIBLE');
      expect(err.message).toBe('demo needs Marquee 2.0.0 or newer; this is Marquee 0.1.0');
      expect(err.transient).toBe(false);
    }
  });
});

describe('update available (installed vs registry latest_version)', () => {
  it.each([
    ['1.0.0', '1.0.1', true],
    ['1.0.1', '1.0.0', false],
    ['1.0.0', '1.0.0', false],
    ['v1.0.0', '1.0.0', false],
    ['1.0.0', 'v1.1.0', true],
    ['1.2', '1.2.0', false],
    ['1.2', '1.10.0', true],
    ['1.9.0', '1.10.0', true],
    ['1.0.0-beta.1', '1.0.0', true],
    ['1.0.0', '1.0.0-beta.1', false],
    [null, '1.0.0', false],
    ['1.0.0', null, false],
    ['', '1.0.0', false],
    ['0.0.0', '2.3.0', false],
    ['0.0.1', '2.3.0', true],
    ['1.0.0', '', false],
    ['1.0.0', 'nightly', true],
    [1, '1.0.0', true],
  ])('%j → %j: %s', (installed, latest, expected) => {
    expect(isUpdateAvailable(installed, latest)).toBe(expected);
  });

  it.each([
    ['v1.2.3', '1.2.3'],
    ['1.2', '1.2.0'],
    ['7', '7.0.0'],
    ['1.2.3-rc.1', '1.2.3-rc.1'],
    ['1.2.3.4', null],
    ['abc', null],
  ])('parses %s loosely → %s', (text, version) => {
    expect(parseLooseVersion(text)?.version ?? null).toBe(version);
  });
});
