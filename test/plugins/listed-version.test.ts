import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordListedVersion } from '../../core/plugins/package/listed-version.ts';
import { readManifest } from '../../core/plugins/package/manifest.ts';
import { tempDir } from '../support/temp.ts';

function folder(manifest: Record<string, unknown>, files: Record<string, string>) {
  const dir = tempDir('listed-version-');
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const manifestOf = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
const PY = { 'manager.py': 'class P(BasePlugin):\n    pass\n' };
const lm = { id: 'p', name: 'P', display_modes: ['p'] };

describe("the store's version for a manifest naming none", () => {
  it('is written into a LEDMatrix manifest without version, which then reads at that version', async () => {
    const dir = folder(lm, PY);
    expect(await recordListedVersion(dir, '2.3.0')).toBe(true);
    expect(manifestOf(dir)).toEqual({ ...lm, version: '2.3.0' });
    expect(await readManifest(dir)).toMatchObject({ version: '2.3.0', class_name: 'P' });
  });

  it("leaves a manifest's own version, a Marquee manifest, and a store naming no version alone", async () => {
    const own = folder({ ...lm, version: '1.0.0' }, PY);
    expect(await recordListedVersion(own, '2.3.0')).toBe(false);
    expect(manifestOf(own).version).toBe('1.0.0');
    const marquee = folder({ ...lm, entry_point: 'index.js' }, { 'index.js': '' });
    expect(await recordListedVersion(marquee, '2.3.0')).toBe(false);
    expect(manifestOf(marquee).version).toBeUndefined();
    await expect(readManifest(marquee)).rejects.toThrow(/version: expected "version", received nothing/);
    const unlisted = folder(lm, PY);
    expect(await recordListedVersion(unlisted, null)).toBe(false);
    expect(await readManifest(unlisted)).toMatchObject({ version: '0.0.0' });
  });

  it('leaves a manifest that is not JSON for the folder check to refuse', async () => {
    const dir = folder(lm, PY);
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"id": ');
    expect(await recordListedVersion(dir, '2.3.0')).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')).toBe('{"id": ');
  });
});
