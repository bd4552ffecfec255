import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/platform/errors/app-error.ts';
import { assertPluginId, isPluginId, pluginFolder } from '../../core/plugins/package/id.ts';
import { parseManifest } from '../../core/plugins/package/manifest.ts';
import { UNKNOWN_VERSION } from '../../shared/plugin-version.ts';

const base = { id: 'clock', name: 'Clock', version: '1.0.0', entry_point: 'index.js', display_modes: ['clock'] };

function refusal(raw: unknown, files: string[] = []): AppError {
  try {
    parseManifest(raw, { files: new Set(files) });
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('plugin ids', () => {
  it.each([
    ['clock', true],
    ['7-segment-clock', true],
    ['ledmatrix.weather_2', true],
    ['a'.repeat(64), true],
    ['a'.repeat(65), false],
    ['../x', false],
    ['..', false],
    ['.hidden', false],
    ['-dash', false],
    ['Clock', false],
    ['a/b', false],
    ['a\\b', false],
    ['', false],
    [42, false],
  ])('%j → %s', (id, ok) => {
    expect(isPluginId(id)).toBe(ok);
  });

  it('a bad id is a 400 naming the field, expectation and value', () => {
    try {
      assertPluginId('../x');
      throw new Error('not refused');
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      const err = e as AppError;
      expect(err.status).toBe(400);
      expect(err.context?.problems).toEqual([expect.objectContaining({ field: 'plugin_id', received: '"../x"' })]);
    }
  });

  it('plugin folders are direct children of the plugins directory', () => {
    expect(pluginFolder('/srv/plugins', 'clock')).toBe('/srv/plugins/clock');
    expect(() => pluginFolder('/srv/plugins', '../etc')).toThrow(AppError);
  });
});

describe('manifest', () => {
  it('accepts LEDMatrix fields and keeps unknown keys', () => {
    const m = parseManifest({
      ...base,
      author: 'Ann',
      tags: ['time'],
      update_interval: 60,
      default_duration: 15,
      compatible_versions: ['>=0.1.0 <1.0.0'],
      min_marquee_version: '0.1.0',
      web_ui_actions: [{ id: 'x' }],
    });
    expect(m).toMatchObject({ id: 'clock', web_ui_actions: [{ id: 'x' }] });
  });

  it.each([
    [{ ...base, id: '../x' }, 'id'],
    [{ ...base, name: '' }, 'name'],
    [{ ...base, version: 'one' }, 'version'],
    [{ ...base, entry_point: 'index.ts' }, 'entry_point'],
    [{ ...base, entry_point: '../outside.js' }, 'entry_point'],
    [{ ...base, entry_point: '/abs.js' }, 'entry_point'],
    [{ ...base, display_modes: [] }, 'display_modes'],
    [{ ...base, update_interval: 0 }, 'update_interval'],
    [{ ...base, tags: 'time' }, 'tags'],
    [{ ...base, compatible_versions: ['whenever'] }, 'compatible_versions.0'],
    [{ ...base, min_marquee_version: 'soon' }, 'min_marquee_version'],
    [{ name: 'No id', version: '1.0.0', entry_point: 'index.js', display_modes: ['x'] }, 'id'],
  ])('refuses %j with PLUGIN_MANIFEST_INVALID at field %s', (raw, field) => {
    const err = refusal(raw);
    expect(err.code).toBe('PLUGIN_MANIFEST_INVALID');
    const problems = err.context?.problems as Array<{ field: string; expected: string; received: string }>;
    expect(problems[0]!.field).toBe(field);
    expect(err.message).toContain(field);
  });

  it('refuses a non-object', () => {
    expect(refusal([1, 2]).code).toBe('PLUGIN_MANIFEST_INVALID');
  });

  it.each([
    [{ ...base, entry_point: 'manager.py', class_name: 'Clock' }, []],
    [{ id: 'clock', name: 'Clock', version: '1.0', class_name: 'ClockPlugin', display_modes: ['clock'] }, []],
    [{ id: 'clock', name: 'Clock', version: '1.0.0', class_name: 'Clock', display_modes: ['clock'] }, ['manager.py']],
  ])(
    'a LEDMatrix plugin is read as a Python one, its entry point manager.py unless it names another (%#)',
    (raw, files) => {
      const m = parseManifest(raw, { files: new Set(files) });
      expect(m).toMatchObject({ id: 'clock', runtime: 'python', entry_point: 'manager.py' });
      expect(m.class_name).toMatch(/^Clock/);
    },
  );

  it('a LEDMatrix plugin may name no class_name and no version, as LEDMatrix allows; its version is unknown', () => {
    const m = parseManifest(
      { id: 'clock', name: 'Clock', display_modes: ['clock'] },
      { files: new Set(['manager.py']) },
    );
    expect(m).toMatchObject({ runtime: 'python', version: UNKNOWN_VERSION, entry_point: 'manager.py' });
    expect(m.class_name).toBeUndefined();
  });

  it('a class_name or version a LEDMatrix plugin does give is still checked', () => {
    const raw = { id: 'clock', name: 'Clock', version: '1.0.0', class_name: 'Clock Plugin', display_modes: ['clock'] };
    expect(refusal(raw, ['manager.py']).message).toBe(
      'Invalid manifest.json: class_name: expected /^[A-Za-z_][A-Za-z0-9_]*$/, received "Clock Plugin"',
    );
    expect(refusal({ ...raw, class_name: 'Clock', version: 'soon' }, ['manager.py']).message).toBe(
      'Invalid manifest.json: version: expected a version such as 1.2.3, received "soon"',
    );
  });

  it('a Marquee plugin is read as a node one, and still needs its version', () => {
    expect(parseManifest(base).runtime).toBe('node');
    const { version: _, ...versionless } = base;
    expect(refusal(versionless).message).toBe('Invalid manifest.json: version: expected "version", received nothing');
  });
});
