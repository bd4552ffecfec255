import type { Rgb } from './color.ts';
import type { Font } from './fonts/index.ts';

export interface TextOptions {
  /** One of the bitmap fonts: '4x6', '5x7' (default), '6x10', '7x13'. */
  font?: string;
  /** `x` is the left edge (default), the centre, or the right edge of the text. */
  align?: 'left' | 'center' | 'right';
  /** Pixels between characters beyond the font's cell (default 0; the cells include spacing). */
  spacing?: number;
}

export interface TextSize {
  width: number;
  height: number;
  ascent: number;
}

interface Target {
  width: number;
  height: number;
  clipped: number;
  put(x: number, y: number, rgb: Rgb): void;
}

/** Width and height of one line of text in a font, for centring and scrolling. */
export function measureText(font: Font, str: string, spacing = 0): TextSize {
  const n = str.length;
  return { width: n === 0 ? 0 : n * font.width + (n - 1) * spacing, height: font.height, ascent: font.ascent };
}

/** Draws one line of text; glyphs wholly off the panel are skipped, so long scrolling text stays cheap. */
export function drawText(
  target: Target,
  font: Font,
  str: string,
  x: number,
  y: number,
  rgb: Rgb,
  opts: TextOptions = {},
): number {
  const spacing = opts.spacing ?? 0;
  const { width } = measureText(font, str, spacing);
  let left = Math.round(x);
  if (opts.align === 'center') left = Math.round(x - width / 2);
  else if (opts.align === 'right') left = Math.round(x - width);
  const top = Math.round(y);
  const step = font.width + spacing;
  for (let i = 0; i < str.length; i++) {
    const gx = left + i * step;
    const rows = font.rows(str.charCodeAt(i));
    if (gx >= target.width || gx + font.width <= 0 || top >= target.height || top + font.height <= 0) {
      target.clipped += countBits(rows);
      continue;
    }
    for (let r = 0; r < font.height; r++) {
      const bits = rows[r]!;
      if (!bits) continue;
      for (let c = 0; c < font.width; c++) if (bits & (0x80 >> c)) target.put(gx + c, top + r, rgb);
    }
  }
  return width;
}

function countBits(rows: Uint8Array): number {
  let n = 0;
  for (const b of rows) for (let v = b; v; v &= v - 1) n += 1;
  return n;
}
