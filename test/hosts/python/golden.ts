/**
 * Golden frames: a frame's RGB bytes compared pixel by pixel with a PNG kept beside the tests.
 * A missing golden fails the test; UPDATE_GOLDEN=1 writes it (then look at it before keeping it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

const DIR = path.join(import.meta.dirname, 'golden');
/** Goldens of frames shown by the display process (LEDMatrix plugins through their hosts). */
export const DISPLAY_GOLDEN_DIR = path.resolve(import.meta.dirname, '../../fixtures/ledmatrix-goldens');

export function rgbToPng(rgb: Buffer, width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0, o = 0; i < rgb.length; i += 3, o += 4) {
    png.data[o] = rgb[i]!;
    png.data[o + 1] = rgb[i + 1]!;
    png.data[o + 2] = rgb[i + 2]!;
    png.data[o + 3] = 255;
  }
  return PNG.sync.write(png);
}

/** The pixels that differ from the golden, as "x,y got r,g,b want r,g,b" (at most 10 listed). */
export function compareWithGolden(name: string, rgb: Buffer, width: number, height: number, dir = DIR): string[] {
  const file = path.join(dir, `${name}.png`);
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, rgbToPng(rgb, width, height));
  }
  if (!fs.existsSync(file)) return [`no golden ${file} (run with UPDATE_GOLDEN=1 and look at it)`];
  const golden = PNG.sync.read(fs.readFileSync(file));
  if (golden.width !== width || golden.height !== height)
    return [`golden is ${golden.width}x${golden.height}, frame is ${width}x${height}`];
  const diffs: string[] = [];
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const o = (y * width + x) * 4;
      const got = [rgb[i], rgb[i + 1], rgb[i + 2]];
      const want = [golden.data[o], golden.data[o + 1], golden.data[o + 2]];
      if (got.some((v, k) => v !== want[k])) diffs.push(`${x},${y} got ${got.join(',')} want ${want.join(',')}`);
    }
  return diffs.slice(0, 10);
}
