/**
 * Text layout for any panel size, behind the Frame methods `fitText`, `fitFirstText`, `placeText`,
 * `drawPlaced`, `stackText` and `innerWidth`: the largest bitmap font (optionally scaled by a whole
 * number) that fits a box, and drawing that skips pixels off the panel without counting them as
 * clipped, so text may scroll across the edges and the render harness still sees no stray drawing.
 */
import type { Rgb } from './color.ts';
import type { Font } from './fonts/index.ts';

/** What layout needs of a frame (the Frame class; a narrow type keeps this module free of it). */
export interface LayoutTarget {
  readonly width: number;
  readonly height: number;
  font(name?: string): Font;
  fillRect(x: number, y: number, w: number, h: number, color: Rgb): unknown;
}

/** Text in a font at a scale, with its size in pixels. */
export interface PlacedText {
  text: string;
  font: Font;
  scale: number;
  width: number;
  height: number;
}

/** One line of `stackText`. */
export interface StackLine {
  text: string;
  color: Rgb;
  /** Shorter wordings to use, in order, when `text` fits in no font. */
  shorter?: string[];
  /** Share of the height against the other lines (default 1). */
  weight?: number;
  /** Tallest the line may be, in pixels. */
  maxHeight?: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const NATIVE = ['7x13', '6x10', '5x7', '4x6'];
const SCALED = ['7x13', '6x10', '5x7'];
const MAX_SCALE = 8;

let candidates: Array<{ font: Font; scale: number }> | null = null;

/** Every font × scale, tallest first; at equal height the unscaled font wins. Fonts are the same for every frame. */
function fontsBySize(frame: LayoutTarget) {
  if (candidates) return candidates;
  const list = NATIVE.map((name) => ({ font: frame.font(name), scale: 1 }));
  for (let scale = 2; scale <= MAX_SCALE; scale++)
    for (const name of SCALED) list.push({ font: frame.font(name), scale });
  list.sort((a, b) => b.font.height * b.scale - a.font.height * a.scale || a.scale - b.scale);
  return (candidates = list);
}

export function placeText(text: string, font: Font, scale = 1): PlacedText {
  return { text, font, scale, width: text.length * font.width * scale, height: font.height * scale };
}

export function fitText(
  frame: LayoutTarget,
  text: string,
  maxW: number,
  maxH: number,
  fonts?: readonly string[],
): PlacedText | null {
  for (const c of fontsBySize(frame)) {
    if (fonts && !fonts.includes(c.font.name)) continue;
    const placed = placeText(text, c.font, c.scale);
    if (placed.width <= maxW && placed.height <= maxH) return placed;
  }
  return null;
}

/** `text` in the smallest font, cut to the characters that fit; null when not even its height fits. */
function cut(frame: LayoutTarget, text: string, maxW: number, maxH: number): PlacedText | null {
  const font = frame.font('4x6');
  if (font.height > maxH || font.width > maxW) return null;
  return placeText(text.slice(0, Math.floor(maxW / font.width)), font);
}

export function fitFirstText(frame: LayoutTarget, texts: readonly string[], maxW: number, maxH: number) {
  for (const text of texts) {
    const placed = fitText(frame, text, maxW, maxH);
    if (placed) return placed;
  }
  return cut(frame, texts[texts.length - 1] ?? '', maxW, maxH);
}

export const innerWidth = (width: number) => width - 2 * Math.max(1, Math.floor(width / 32));

/** The fonts cover ASCII only; a degree sign is drawn as a small ring at the top of its cell. */
const DEGREE = 176;
/** The row digits start at in each font, so the ring lines up with the top of the number. */
const DIGIT_TOP: Record<string, number> = { '6x10': 1, '7x13': 2 };

/** A scaled pixel, cut to the panel (a cut is intended here, so it is not counted as clipped). */
function block(frame: LayoutTarget, x: number, y: number, s: number, color: Rgb) {
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(frame.width, x + s);
  const y1 = Math.min(frame.height, y + s);
  if (x1 > x0 && y1 > y0) frame.fillRect(x0, y0, x1 - x0, y1 - y0, color);
}

function degree(frame: LayoutTarget, font: Font, s: number, x: number, y: number, color: Rgb) {
  const k = font.width >= 6 ? 3 : 2;
  const top = DIGIT_TOP[font.name] ?? 0;
  for (let r = 0; r < k; r++)
    for (let c = 0; c < k; c++) if (k === 2 || r !== 1 || c !== 1) block(frame, x + c * s, y + (top + r) * s, s, color);
}

export function drawPlaced(frame: LayoutTarget, placed: PlacedText, x: number, y: number, color: Rgb): void {
  const { font, scale: s, text } = placed;
  const step = font.width * s;
  x = Math.round(x);
  y = Math.round(y);
  for (let i = 0; i < text.length; i++) {
    const gx = x + i * step;
    if (gx >= frame.width || gx + step <= 0) continue;
    const code = text.charCodeAt(i);
    if (code === DEGREE) {
      degree(frame, font, s, gx, y, color);
      continue;
    }
    const rows = font.rows(code);
    for (let r = 0; r < font.height; r++) {
      const bits = rows[r];
      if (!bits) continue;
      for (let c = 0; c < font.width; c++) if (bits & (0x80 >> c)) block(frame, gx + c * s, y + r * s, s, color);
    }
  }
}

export function stackText(frame: LayoutTarget, lines: readonly StackLine[], box: Box): boolean {
  const gap = Math.max(1, Math.floor(box.height / 16));
  const maxW = innerWidth(box.width);
  let shown = lines.filter((l) => l.text);
  for (; shown.length; shown = shown.slice(0, -1)) {
    const total = shown.reduce((n, l) => n + (l.weight ?? 1), 0);
    const room = box.height - gap * (shown.length - 1);
    const placed = shown.map((l) => {
      const share = Math.floor((room * (l.weight ?? 1)) / total);
      return fitFirstText(frame, [l.text, ...(l.shorter ?? [])], maxW, Math.min(share, l.maxHeight ?? share));
    });
    if (placed.some((p) => !p)) continue;
    const height = placed.reduce((n, p) => n + p!.height, 0) + gap * (placed.length - 1);
    let y = box.y + Math.floor((box.height - height) / 2);
    placed.forEach((p, i) => {
      drawPlaced(frame, p!, box.x + Math.floor((box.width - p!.width) / 2), y, shown[i]!.color);
      y += p!.height + gap;
    });
    return true;
  }
  return false;
}
