import { describe, expect, it } from 'vitest';
import { buildCatalog, resolveEntry } from '../../core/registry/catalog.ts';
import { parseRegistry } from '../../core/registry/registry-format.ts';
import { legacyRegistry, monorepoRegistry, smallRegistry, entry } from '../support/registry.ts';

describe('registry formats', () => {
  it('reads the older format with versions[] and download_url_template', () => {
    const r = parseRegistry(legacyRegistry(), 's');
    expect(r.entries).toHaveLength(18);
    expect(r.skipped).toEqual([]);
    const weather = r.entries.find((e) => e.id === 'weather')!;
    expect(weather.latest_version).toBe('2.0.8');
    expect(weather.versions[0]).toMatchObject({ version: '2.0.8', ledmatrix_min: '2.0.0' });
    expect(weather.download_url_template).toContain('{version}');
    expect(weather.branch).toBe('master');
    expect(r.version).toBe('1.0.0');
  });

  it('reads the monorepo format with plugin_path', () => {
    const r = parseRegistry(monorepoRegistry(), 's');
    expect(r.entries).toHaveLength(48);
    expect(r.skipped).toEqual([]);
    expect(r.entries.find((e) => e.id === 'weather')).toMatchObject({
      plugin_path: 'plugins/ledmatrix-weather',
      latest_version: expect.any(String),
      versions: [],
    });
  });

  it('resolves a registry id and the folder in plugin_path to the same entry', () => {
    const c = buildCatalog([parseRegistry(monorepoRegistry(), 's').entries]);
    expect(resolveEntry(c, 'weather')?.id).toBe('weather');
    expect(resolveEntry(c, 'ledmatrix-weather')?.id).toBe('weather');
    expect(resolveEntry(c, 'ledmatrix-stocks')?.id).toBe('stocks');
    // An id whose registry entry already carries the prefix is found without it too.
    expect(resolveEntry(c, 'flights')?.id).toBe('ledmatrix-flights');
    expect(resolveEntry(c, 'no-such-plugin')).toBeNull();
  });

  it('an empty plugin_path never matches a folder look-up', () => {
    const c = buildCatalog([parseRegistry(monorepoRegistry(), 's').entries]);
    expect(resolveEntry(c, '')).toBeNull();
    expect(resolveEntry(c, 'gif-player')?.repo).toContain('ledmatrix-gif-player');
  });

  it('skips a malformed entry, reports why, and keeps the others', () => {
    const doc = smallRegistry([
      entry('good'),
      { ...entry('bad-tags'), tags: 'not-a-list' },
      { name: 'no id' },
      entry('Bad Id'),
      { ...entry('escape'), plugin_path: '../../etc' },
      entry('good'),
      entry('also-good'),
    ]);
    const r = parseRegistry(doc, 's');
    expect(r.entries.map((e) => e.id)).toEqual(['good', 'also-good']);
    expect(r.skipped.map((s) => [s.index, s.id, s.problems[0]!.field])).toEqual([
      [1, 'bad-tags', 'tags'],
      [2, null, 'id'],
      [3, 'Bad Id', 'id'],
      [4, 'escape', 'plugin_path'],
      [5, 'good', 'id'],
    ]);
    expect(r.skipped[4]!.problems[0]!.message).toBe('duplicate id');
  });

  it('refuses a document that is not JSON or has no plugins list', () => {
    expect(() => parseRegistry('<html>', 's')).toThrow(expect.objectContaining({ code: 'REGISTRY_INVALID' }));
    expect(() => parseRegistry('{"plugins": {}}', 's')).toThrow(expect.objectContaining({ code: 'REGISTRY_INVALID' }));
  });

  it('earlier sources win on the same id and the hidden entry is reported', () => {
    const a = parseRegistry(smallRegistry([entry('clock', { name: 'First' })]), 'a').entries;
    const b = parseRegistry(smallRegistry([entry('clock', { name: 'Second' }), entry('other')]), 'b').entries;
    const c = buildCatalog([a, b]);
    expect(c.entries.map((e) => [e.id, e.name])).toEqual([
      ['clock', 'First'],
      ['other', 'Plugin other'],
    ]);
    expect(c.shadowed).toEqual([{ id: 'clock', source: 'b', by: 'a' }]);
  });
});
