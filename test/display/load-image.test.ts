import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { preparePlugins } from '../../core/plugins/startup.ts';
import { encodePng } from '../../core/render/png.ts';
import { startRuntime, writePlugin, type RuntimeHarness } from '../support/display.ts';

const IMAGE_PLUGIN = path.join(import.meta.dirname, '../fixtures/plugins/image/plugin.js');
const REFUSED = 'RangeError: images load from the plugin folder only';

/** A 2×2 PNG: red, green / blue, white. */
const LOGO = encodePng(2, 2, Uint8Array.of(255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255));

function writePng(file: string, png: Uint8Array = LOGO) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, png);
}

/** The image plugin as `img`, with PNGs inside its folder and next to it (real files, so only the path rule can refuse them). */
async function imagePlugin(h: RuntimeHarness, config: Record<string, unknown>, others: Record<string, unknown> = {}) {
  const repos = h.settings.pluginsDir;
  const dir = writePlugin(repos, 'img', {}, IMAGE_PLUGIN);
  writePng(path.join(dir, 'logo.png'));
  writePng(path.join(dir, 'assets', 'icon.png'), encodePng(3, 1, new Uint8Array(9).fill(200)));
  writePng(path.join(repos, 'outside.png'));
  // A sibling folder whose name starts with the plugin's: a prefix test alone would let it through.
  writePng(path.join(repos, 'img-other', 'secret.png'));
  await preparePlugins(h.webDeps);
  h.setConfig({ ...others, img: { enabled: true, ...config } });
}

const logged = (h: RuntimeHarness, msg: string) =>
  h.log.lines.filter((l) => l.msg === msg && l.plugin === 'img' && l.from === 'plugin');

describe('ctx.loadImage', () => {
  it('decodes a PNG from the plugin folder in its host, drawn on the panel; paths leaving the folder are refused', async () => {
    const h = await startRuntime();
    const repos = h.settings.pluginsDir;
    await imagePlugin(h, {
      attempts: [
        'assets/icon.png',
        '../img/logo.png',
        '../outside.png',
        path.join(repos, 'outside.png'),
        '../img-other/secret.png',
      ],
    });
    await h.until(() => h.runtime.loop.status().plugin_id === 'img', 5_000, 'img on screen');
    expect([h.pixel(0, 0), h.pixel(1, 0), h.pixel(0, 1), h.pixel(1, 1)]).toEqual([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 255],
    ]);
    expect(h.pixel(2, 0)).toEqual([0, 0, 40]);

    expect(logged(h, 'image loaded').map((l) => [l.file, l.width, l.height])).toEqual([
      ['assets/icon.png', 3, 1],
      ['../img/logo.png', 2, 2],
    ]);
    expect(logged(h, 'image refused').map((l) => [l.file, l.error])).toEqual([
      ['../outside.png', REFUSED],
      [path.join(repos, 'outside.png'), REFUSED],
      ['../img-other/secret.png', REFUSED],
    ]);
  });

  it('a plugin whose own image lies outside its folder fails to load, and the panel moves on', async () => {
    const other = { enabled: true, color: [0, 255, 0] };
    const h = await startRuntime({ plugins: { other: {} }, config: { other } });
    await imagePlugin(h, { image: '../outside.png' }, { other });
    await h.until(
      () => (h.runtime.runners.get('img')?.breaker().consecutiveFailures ?? 0) >= 1,
      5_000,
      'img failed to load',
    );
    expect(h.runtime.runners.get('img')!.breaker().lastError).toBe(`load: ${REFUSED}`);
    await h.until(() => h.runtime.loop.status().plugin_id === 'other', 5_000, 'other on screen');
    expect(h.statuses.some((s) => s.plugin_id === 'img')).toBe(false);
    expect(h.pixel()).toEqual([0, 255, 0]);
  });
});
