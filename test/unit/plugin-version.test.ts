import { describe, expect, it } from 'vitest';
import { isUnknownVersion, UNKNOWN_VERSION, versionLabel } from '../../shared/plugin-version.ts';

describe('a plugin version as people see it', () => {
  it.each([
    ['1.2.0', 'v1.2.0', false],
    [' 2.3.0 ', 'v2.3.0', false],
    [UNKNOWN_VERSION, 'version unknown', true],
    [null, 'version unknown', true],
    ['', 'version unknown', true],
  ])('%j → %s', (version, label, unknown) => {
    expect(versionLabel(version)).toBe(label);
    expect(isUnknownVersion(version)).toBe(unknown);
  });
});
