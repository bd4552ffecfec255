import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildUi } from '../../scripts/build-ui.mjs';
import { tempDir } from '../support/temp.ts';

describe('the UI build', () => {
  it('writes index.html naming hashed assets that exist, each with a gzip twin, within the size budget', async () => {
    const outDir = path.join(tempDir(), 'ui');
    const build = await buildUi({ outDir, force: true });
    expect(build.skipped).toBe(false);
    const html = fs.readFileSync(path.join(outDir, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toEqual([
      expect.stringMatching(/^assets\/app-[A-Z0-9]+\.css$/),
      expect.stringMatching(/^assets\/app-[A-Z0-9]+\.js$/),
    ]);
    let gzipped = 0;
    for (const a of ['index.html', ...assets]) {
      const raw = fs.readFileSync(path.join(outDir, a));
      expect(zlib.gunzipSync(fs.readFileSync(path.join(outDir, `${a}.gz`))).equals(raw)).toBe(true);
      gzipped += build.files[a]!.gzipBytes!;
    }
    expect(gzipped).toBeLessThan(150 * 1024);
    // No external fonts, scripts or styles: the device may be offline.
    expect(html).not.toMatch(/https?:\/\//);
    expect(fs.readFileSync(path.join(outDir, assets[0]!), 'utf8')).not.toMatch(/@import|url\(https?:/);
  });

  it('skips the work when the output is newer than every source, and replaces the old build whole', async () => {
    const outDir = path.join(tempDir(), 'ui');
    await buildUi({ outDir, force: true });
    fs.writeFileSync(path.join(outDir, 'assets', 'stale-OLD.js'), '');
    expect((await buildUi({ outDir })).skipped).toBe(true);
    expect((await buildUi({ outDir, force: true })).skipped).toBe(false);
    expect(fs.existsSync(path.join(outDir, 'assets', 'stale-OLD.js'))).toBe(false);
    expect(fs.readdirSync(path.dirname(outDir))).toEqual(['ui']);
  });
});
