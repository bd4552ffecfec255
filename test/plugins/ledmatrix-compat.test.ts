import { describe, expect, it } from 'vitest';
import { checkLedmatrixCompatibility, LEDMATRIX_API_VERSION } from '../../core/plugins/package/ledmatrix.ts';
import { entryRuntime } from '../../core/registry/runtime.ts';
import { canonicalPluginId, namesPlugin } from '../../core/plugins/package/id.ts';

describe("LEDMatrix's compatibility rule against the plugin API Marquee provides", () => {
  it(`is judged against LEDMatrix ${LEDMATRIX_API_VERSION}`, () => {
    expect(LEDMATRIX_API_VERSION).toBe('3.2.0');
  });

  it.each([
    [{}, true],
    [{ compatible_versions: ['>=2.0.0'] }, true],
    [{ compatible_versions: ['>=4.0.0', '^3.0.0'] }, true],
    [{ compatible_versions: ['>=4.0.0'] }, false],
    [{ compatible_versions: ['2.0.0 - 3.1.0'] }, false],
    [{ compatible_versions: ['not a range'] }, true],
    [{ compatible_versions: ['not a range', '>=9'] }, false],
    [{ min_ledmatrix_version: '3.2.0' }, true],
    [{ min_ledmatrix_version: 'v3.3' }, false],
    [{ requires: { min_ledmatrix_version: '4.0.0' } }, false],
    [{ versions: [{ ledmatrix_min_version: '3.0.0' }] }, true],
    [{ versions: [{ ledmatrix_min: '3.5.0' }] }, false],
    [{ min_ledmatrix_version: 'soon' }, true],
  ])('%j → compatible: %s', (bounds, compatible) => {
    expect(checkLedmatrixCompatibility({ id: 'x', ...bounds }).compatible).toBe(compatible);
  });

  it('says which LEDMatrix the plugin needs and which API Marquee provides', () => {
    expect(checkLedmatrixCompatibility({ id: 'x', min_ledmatrix_version: '4.1' })).toEqual({
      compatible: false,
      reason: "x needs LEDMatrix 4.1.0 or newer; Marquee provides LEDMatrix 3.2.0's plugin API",
    });
  });
});

describe("LEDMatrix's id layout", () => {
  it.each([
    ['weather', 'weather', true],
    ['ledmatrix-weather', 'weather', true],
    ['weather', 'ledmatrix-weather', false],
    ['ledmatrix-weather', 'stocks', false],
  ])('manifest %s names plugin %s: %s', (manifestId, id, expected) => {
    expect(namesPlugin(manifestId, id)).toBe(expected);
  });

  it.each([
    ['ledmatrix-weather', 'weather'],
    ['weather', 'weather'],
    ['ledmatrix-', 'ledmatrix-'],
  ])('a manifest alone saying %s is plugin %s', (manifestId, id) => {
    expect(canonicalPluginId(manifestId)).toBe(id);
  });
});

describe('which runtime a registry entry needs', () => {
  const base = { source: 'https://r.example.test/plugins.json', plugin_path: '', repo: 'https://code.example.test/x' };
  it.each([
    [{ ...base, runtime: 'node' as const, plugin_path: 'plugins/ledmatrix-x' }, 'node'],
    [{ ...base, runtime: 'python' as const }, 'python'],
    [{ ...base, source: 'builtin', repo: 'https://github.com/someone/ledmatrix-plugins' }, 'node'],
    [{ ...base, plugin_path: 'plugins/ledmatrix-weather' }, 'python'],
    [{ ...base, repo: 'https://github.com/ChuckBuilds/ledmatrix-plugins/' }, 'python'],
    [{ ...base, repo: 'https://github.com/someone/LEDMatrix-stocks' }, 'python'],
    [{ ...base, plugin_path: 'plugins/hello' }, 'node'],
  ])('%j → %s', (entry, runtime) => {
    expect(entryRuntime(entry)).toBe(runtime);
  });
});
