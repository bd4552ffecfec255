import { createRequire } from 'node:module';
import type { Image } from './image.ts';

type PngJs = typeof import('pngjs');

/**
 * Decodes a PNG (any bit depth, palette, interlace, transparency) into RGBA pixels with pngjs.
 * The library loads on first use, so a worker whose plugin draws no images never pays for it.
 */
export function decodePng(bytes: Uint8Array): Image {
  const { PNG } = createRequire(import.meta.url)('pngjs') as PngJs;
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
}
