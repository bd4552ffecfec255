/** One preview made directly: a first-party plugin read where it ships, and a machine that cannot confine hosts. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../hono.config.ts';
import { previewFiles, readRecord, versionFolder } from '../../core/previews/cache.ts';
import { makePreview } from '../../core/previews/make.ts';
import { resolveEntry } from '../../core/registry/catalog.ts';
import { hostPlatform } from '../support/display.ts';
import { testDeps } from '../support/deps.ts';
import { tempDir } from '../support/temp.ts';

function setup(problem: string | null) {
  const deps = testDeps({ 'registry.builtinDir': path.join(PROJECT_ROOT, 'plugin-repos') });
  const root = tempDir('marquee-previews-');
  const hosts = async () => {
    const p = await hostPlatform();
    return problem ? { ...p, confinement: { ...p.confinement, problem } } : p;
  };
  const entry = resolveEntry(deps.registry.catalog(), 'clock')!;
  return { make: { ...deps, root, hosts }, entry, root };
}

const key = { id: 'clock', version: '1.0.0', size: { width: 64, height: 32 } };

describe('making a preview', () => {
  it("draws a first-party plugin from its own folder, the clock's blinking colon as an animation", async () => {
    const { make, entry, root } = setup(null);
    const record = await makePreview(make, entry, key);
    expect(record).toMatchObject({ state: 'ready', mode: 'clock', frames: 10, frame_ms: 100 });
    expect(readRecord(root, key)).toEqual(record);
  });

  it('fails without keeping a reason when this machine cannot confine plugin hosts', async () => {
    const { make, entry, root } = setup('unshare is missing');
    await expect(makePreview(make, entry, key)).rejects.toMatchObject({ code: 'PLUGIN_SANDBOX_UNAVAILABLE' });
    expect(readRecord(root, key)).toBeNull();
  });
});

describe('a plugin no runtime here runs', () => {
  it('fails without keeping a reason, so a runtime added later draws it', async () => {
    const builtin = tempDir('marquee-builtin-');
    fs.mkdirSync(path.join(builtin, 'snake'));
    // Python has a runtime now (LEDMatrix's plugins): Lua has none.
    const manifest = { id: 'snake', name: 'Snake', version: '1.0.0', entry_point: 'main.lua' };
    fs.writeFileSync(path.join(builtin, 'snake', 'manifest.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(builtin, 'snake', 'main.lua'), 'return {}\n');
    const deps = testDeps({ 'registry.builtinDir': builtin });
    const root = tempDir('marquee-previews-');
    const entry = resolveEntry(deps.registry.catalog(), 'snake')!;
    const k = { ...key, id: 'snake' };
    await expect(makePreview({ ...deps, root, hosts: hostPlatform }, entry, k)).rejects.toMatchObject({
      code: 'PLUGIN_RUNTIME_MISSING',
      message: expect.stringContaining('main.lua'),
    });
    expect(readRecord(root, k)).toBeNull();
  });
});

describe('where previews are kept', () => {
  it('names a version folder safely whatever the registry says', () => {
    expect(versionFolder('1.2.0')).toBe('v-1.2.0');
    expect(versionFolder('..')).toBe('v-..');
    expect(versionFolder('../../etc')).toBe('v-..%2F..%2Fetc');
    expect(versionFolder('x'.repeat(300))).toMatch(/^h-[0-9a-f]{64}$/);
    for (const v of ['..', '.', '../x', 'a/b', '\0', 'x'.repeat(300)]) {
      const dir = path.dirname(
        previewFiles('/data/previews', { id: 'p', version: v, size: { width: 8, height: 8 } }).record,
      );
      expect(path.dirname(dir)).toBe('/data/previews/p');
    }
  });
});
