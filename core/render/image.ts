/** Pixels of an image: `channels` bytes per pixel (3 = RGB, 4 = RGBA), row-major. */
export interface Image {
  width: number;
  height: number;
  channels: 3 | 4;
  data: Uint8Array;
}

interface Target {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Copies an image onto a frame at `(x, y)`, blending alpha; returns the number of pixels clipped. */
export function drawImage(target: Target, img: Image, x: number, y: number): number {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(target.width, x + img.width);
  const y1 = Math.min(target.height, y + img.height);
  const ch = img.channels;
  for (let ty = y0; ty < y1; ty++) {
    let si = ((ty - y) * img.width + (x0 - x)) * ch;
    let di = (ty * target.width + x0) * 3;
    for (let tx = x0; tx < x1; tx++, si += ch, di += 3) {
      const a = ch === 4 ? img.data[si + 3]! : 255;
      if (a === 0) continue;
      if (a === 255) {
        target.data[di] = img.data[si]!;
        target.data[di + 1] = img.data[si + 1]!;
        target.data[di + 2] = img.data[si + 2]!;
        continue;
      }
      for (let k = 0; k < 3; k++)
        target.data[di + k] = (img.data[si + k]! * a + target.data[di + k]! * (255 - a) + 127) / 255;
    }
  }
  const inside = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return img.width * img.height - inside;
}
