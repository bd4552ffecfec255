import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../core/registry/catalog.ts';
import { parseRegistry } from '../../core/registry/registry-format.ts';
import { compareVersions, isUpdateAvailable, updateFor } from '../../core/registry/versions.ts';
import { monorepoRegistry } from '../support/registry.ts';

describe('update availability', () => {
  it.each([
    ['1.0.0', '1.0.1', true],
    ['1.0.1', '1.0.0', false],
    ['1.0.0', '1.0.0', false],
    ['v1.2.0', '1.2.0', false],
    ['1.2', '1.2.1', true],
    ['1.9.0', '1.10.0', true],
    ['2.0.0-beta.2', '2.0.0', true],
    ['2.0.0', '2.0.0-rc.1', false],
    ['2.0.0-beta.2', '2.0.0-beta.10', true],
    ['2.0.0-alpha', '2.0.0-alpha.1', true],
    ['2.0.0-1', '2.0.0-alpha', true],
    ['1.0.0+build.5', '1.0.0+build.6', false],
    ['', '1.0.0', false],
    // A version nobody stated (a LEDMatrix manifest without one, nor a store version): no update.
    ['0.0.0', '1.0.0', false],
    ['1.0.0', null, false],
    ['local', 'nightly', true],
    ['1.0.0', 'garbage', true],
  ])('installed %s, latest %s → %s', (installed, latest, expected) => {
    expect(isUpdateAvailable(installed, latest)).toBe(expected);
  });

  it('compareVersions is null when either side is not a version', () => {
    expect(compareVersions('1.0.0', 'x')).toBeNull();
    expect(Math.sign(compareVersions('1.0.0', '0.9.9')!)).toBe(1);
  });

  it('finds the latest version of an installed plugin by its folder name', () => {
    const c = buildCatalog([parseRegistry(monorepoRegistry(), 's').entries]);
    const latest = c.byId.get('weather')!.latest_version!;
    expect(updateFor(c, 'ledmatrix-weather', '0.0.1')).toEqual({
      registry_id: 'weather',
      latest_version: latest,
      update_available: true,
    });
    expect(updateFor(c, 'weather', latest).update_available).toBe(false);
    expect(updateFor(c, 'unknown', '1.0.0')).toEqual({
      registry_id: null,
      latest_version: null,
      update_available: false,
    });
  });
});
