/** A color as `[r, g, b]` (0–255), `0xRRGGBB`, or `'#rrggbb'` / `'#rgb'`. */
export type Color = readonly [number, number, number] | number | string;
export type Rgb = [number, number, number];

const clamp = (n: number) => (n <= 0 ? 0 : n >= 255 ? 255 : Math.round(n) | 0);

/** Normalises a color; anything unreadable becomes white, so a typo still shows something. */
export function toRgb(color: Color | undefined): Rgb {
  if (color === undefined) return [255, 255, 255];
  if (typeof color === 'number') return [(color >> 16) & 255, (color >> 8) & 255, color & 255];
  if (typeof color === 'string') {
    const hex = color.startsWith('#') ? color.slice(1) : color;
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    const n = /^[0-9a-f]{6}$/i.test(full) ? parseInt(full, 16) : 0xffffff;
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  return [clamp(color[0]), clamp(color[1]), clamp(color[2])];
}
