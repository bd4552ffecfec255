import { toRgb, type Color, type Rgb } from './color.ts';
import { createFontSet, DEFAULT_FONT, type Font } from './fonts/index.ts';
import { drawImage, type Image } from './image.ts';
import {
  drawPlaced,
  fitFirstText,
  fitText,
  innerWidth,
  placeText,
  stackText,
  type Box,
  type PlacedText,
  type StackLine,
} from './layout.ts';
import { drawText, measureText, type TextOptions, type TextSize } from './text.ts';

const fonts = createFontSet();

/**
 * An RGB frame of the panel's size (`width × height × 3` bytes, row-major) with the drawing API
 * plugins use. Every primitive clips to the panel: nothing is written outside it, and `clipped`
 * counts the pixels that would have been, so the harness can flag a plugin drawing off-panel.
 */
export class Frame {
  readonly width: number;
  readonly height: number;
  data: Uint8Array;
  clipped = 0;

  constructor(width: number, height: number, data?: Uint8Array) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0)
      throw new RangeError(`frame size must be positive integers, got ${width}×${height}`);
    this.width = width;
    this.height = height;
    this.data = data ?? new Uint8Array(width * height * 3);
    if (this.data.length !== width * height * 3) throw new RangeError('frame data does not match its size');
  }

  /** Fills the whole frame (black by default). */
  clear(color: Color = 0): this {
    const [r, g, b] = toRgb(color);
    if (r === 0 && g === 0 && b === 0) this.data.fill(0);
    else this.fillSpan(0, 0, this.width * this.height, r, g, b);
    return this;
  }

  pixel(x: number, y: number, color: Color): this {
    this.put(Math.round(x), Math.round(y), toRgb(color));
    return this;
  }

  getPixel(x: number, y: number): Rgb | null {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return null;
    const i = (y * this.width + x) * 3;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!];
  }

  /** A straight line, both ends included (Bresenham). */
  line(x0: number, y0: number, x1: number, y1: number, color: Color): this {
    const rgb = toRgb(color);
    let [x, y] = [Math.round(x0), Math.round(y0)];
    const [xe, ye] = [Math.round(x1), Math.round(y1)];
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    let err = dx + dy;
    for (;;) {
      this.put(x, y, rgb);
      if (x === xe && y === ye) return this;
      const e2 = 2 * err;
      if (e2 >= dy) ((err += dy), (x += sx));
      if (e2 <= dx) ((err += dx), (y += sy));
    }
  }

  /** A rectangle `w × h` at `(x, y)`: an outline, or filled with `{ fill: true }`. */
  rect(x: number, y: number, w: number, h: number, color: Color, opts: { fill?: boolean } = {}): this {
    if (w <= 0 || h <= 0) return this;
    if (opts.fill) return this.fillRect(x, y, w, h, color);
    const [x1, y1] = [x + w - 1, y + h - 1];
    this.line(x, y, x1, y, color).line(x, y1, x1, y1, color);
    if (h > 2) this.line(x, y + 1, x, y1 - 1, color).line(x1, y + 1, x1, y1 - 1, color);
    return this;
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color): this {
    const [r, g, b] = toRgb(color);
    [x, y, w, h] = [Math.round(x), Math.round(y), Math.round(w), Math.round(h)];
    const x0 = Math.max(0, x);
    const y0 = Math.max(0, y);
    const x1 = Math.min(this.width, x + w);
    const y1 = Math.min(this.height, y + h);
    const inside = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
    this.clipped += Math.max(0, w) * Math.max(0, h) - inside;
    for (let row = y0; row < y1; row++) this.fillSpan(x0, row, x1 - x0, r, g, b);
    return this;
  }

  /** A circle of radius `r` centred on `(cx, cy)` (midpoint algorithm); filled with `{ fill: true }`. */
  circle(cx: number, cy: number, r: number, color: Color, opts: { fill?: boolean } = {}): this {
    const rgb = toRgb(color);
    [cx, cy, r] = [Math.round(cx), Math.round(cy), Math.round(r)];
    if (r < 0) return this;
    let [x, y, err] = [r, 0, 1 - r];
    while (x >= y) {
      if (opts.fill) {
        this.hline(cx - x, cx + x, cy + y, rgb).hline(cx - x, cx + x, cy - y, rgb);
        this.hline(cx - y, cx + y, cy + x, rgb).hline(cx - y, cx + y, cy - x, rgb);
      } else {
        for (const [px, py] of [
          [x, y],
          [y, x],
          [-y, x],
          [-x, y],
          [-x, -y],
          [-y, -x],
          [y, -x],
          [x, -y],
        ] as const)
          this.put(cx + px, cy + py, rgb);
      }
      y += 1;
      if (err < 0) err += 2 * y + 1;
      else ((x -= 1), (err += 2 * (y - x) + 1));
    }
    return this;
  }

  /** Draws an RGB or RGBA image with its top-left corner at `(x, y)`; alpha is blended. */
  image(img: Image, x: number, y: number): this {
    this.clipped += drawImage(this, img, Math.round(x), Math.round(y));
    return this;
  }

  /** Text with its top edge at `y`; returns the drawn width. `align` is relative to `x`. */
  text(str: string, x: number, y: number, color: Color, opts: TextOptions = {}): number {
    return drawText(this, this.font(opts.font), String(str), x, y, toRgb(color), opts);
  }

  /**
   * The largest font and whole-number scale in which `str` fits `maxW × maxH`, as placed text to
   * give `drawPlaced`; null when not even the smallest font fits. `fonts` limits the font names.
   */
  fitText(str: string, maxW: number, maxH: number, fonts?: readonly string[]): PlacedText | null {
    return fitText(this, String(str), maxW, maxH, fonts);
  }

  /** The first of `texts` (longest wording first) that fits; else the last one cut to fit in the smallest font. */
  fitFirstText(texts: readonly string[], maxW: number, maxH: number): PlacedText | null {
    return fitFirstText(this, texts.map(String), maxW, maxH);
  }

  /** `str` in a font (a name or a font from `font()`) at a whole-number scale, with its size. */
  placeText(str: string, font: Font | string = DEFAULT_FONT, scale = 1): PlacedText {
    return placeText(String(str), typeof font === 'string' ? this.font(font) : font, scale);
  }

  /**
   * Draws placed text with its top-left corner at `(x, y)`. Pixels off the panel are skipped and
   * not counted as clipped: text may scroll across the edges. A degree sign (°) draws as a ring.
   */
  drawPlaced(placed: PlacedText, x: number, y: number, color: Color): this {
    drawPlaced(this, placed, x, y, toRgb(color));
    return this;
  }

  /**
   * Lines stacked and centred on the panel (or in `box`), each in the largest font that fits its
   * share of the height (`weight`, at most `maxHeight` pixels); a line that fits in no font takes
   * one of its `shorter` wordings or is cut; lines that still do not fit are dropped from the
   * bottom. Returns whether anything was drawn.
   */
  stackText(
    lines: ReadonlyArray<Omit<StackLine, 'color'> & { color: Color }>,
    box: Box = { x: 0, y: 0, width: this.width, height: this.height },
  ): boolean {
    return stackText(
      this,
      lines.map((l) => ({ ...l, text: String(l.text ?? ''), color: toRgb(l.color) })),
      box,
    );
  }

  /** The width text may take in a box `width` wide (default the panel's): a margin of 1/32 each side, at least 1 px. */
  innerWidth(width = this.width): number {
    return innerWidth(width);
  }

  measureText(str: string, opts: Omit<TextOptions, 'align'> = {}): TextSize {
    return measureText(this.font(opts.font), String(str), opts.spacing ?? 0);
  }

  font(name?: string): Font {
    return fonts(name);
  }

  /** A copy of the pixels (the frame itself may be reused or handed to another thread). */
  snapshot(): Uint8Array {
    return this.data.slice();
  }

  /** Sets one pixel if it is on the panel, counting it as clipped otherwise. */
  put(x: number, y: number, rgb: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) {
      this.clipped += 1;
      return;
    }
    const i = (y * this.width + x) * 3;
    this.data[i] = rgb[0];
    this.data[i + 1] = rgb[1];
    this.data[i + 2] = rgb[2];
  }

  private hline(xa: number, xb: number, y: number, rgb: Rgb): this {
    if (y < 0 || y >= this.height) {
      this.clipped += xb - xa + 1;
      return this;
    }
    const x0 = Math.max(0, xa);
    const x1 = Math.min(this.width - 1, xb);
    this.clipped += xb - xa + 1 - Math.max(0, x1 - x0 + 1);
    if (x1 >= x0) this.fillSpan(x0, y, x1 - x0 + 1, rgb[0], rgb[1], rgb[2]);
    return this;
  }

  private fillSpan(x: number, y: number, count: number, r: number, g: number, b: number): void {
    let i = (y * this.width + x) * 3;
    const end = i + count * 3;
    if (r === g && g === b) {
      this.data.fill(r, i, end);
      return;
    }
    for (; i < end; i += 3) {
      this.data[i] = r;
      this.data[i + 1] = g;
      this.data[i + 2] = b;
    }
  }
}
