/**
 * PNG decoding inside a plugin host. The host cannot read node_modules (its permission model allows
 * only its own file and the plugin's folder), so pngjs is bundled into the host script by a static
 * import rather than required from disk on first use.
 */
import { PNG } from 'pngjs';
import type { Image } from '../../render/image.ts';

export function decodePng(bytes: Uint8Array): Image {
  const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return { width: png.width, height: png.height, channels: 4, data: new Uint8Array(png.data) };
}
