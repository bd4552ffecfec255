/** Golden images: `test/golden/<WxH>/<mode>.png` in the plugin folder, compared by their RGB pixels. */
import fs from 'node:fs';
import path from 'node:path';
import { decodePng } from '../render/png-decode.ts';
import { encodePng } from '../render/png.ts';
import { sizeName, type Size } from './sizes.ts';

export const goldenFile = (pluginDir: string, size: Size, mode: string) =>
  path.join(pluginDir, 'test', 'golden', sizeName(size), `${mode}.png`);

/** RGB pixels of a PNG (alpha dropped); null when the file does not exist or has another size. */
export function readRgbPng(file: string, size: Size): Uint8Array | null {
  if (!fs.existsSync(file)) return null;
  const img = decodePng(fs.readFileSync(file));
  if (img.width !== size.width || img.height !== size.height) return null;
  const out = new Uint8Array(size.width * size.height * 3);
  for (let i = 0, o = 0; i < img.data.length; i += img.channels, o += 3) {
    out[o] = img.data[i]!;
    out[o + 1] = img.data[i + 1]!;
    out[o + 2] = img.data[i + 2]!;
  }
  return out;
}

export function writeRgbPng(file: string, size: Size, rgb: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, encodePng(size.width, size.height, rgb, 9));
}

/** The frame with every pixel that differs from `golden` in magenta, for looking at a failure. */
export function diffImage(golden: Uint8Array, actual: Uint8Array): Uint8Array {
  const out = new Uint8Array(actual.length);
  for (let i = 0; i < actual.length; i += 3) {
    const same = golden[i] === actual[i] && golden[i + 1] === actual[i + 1] && golden[i + 2] === actual[i + 2];
    if (same) [out[i], out[i + 1], out[i + 2]] = [actual[i]! >> 2, actual[i + 1]! >> 2, actual[i + 2]! >> 2];
    else [out[i], out[i + 1], out[i + 2]] = [255, 0, 255];
  }
  return out;
}
