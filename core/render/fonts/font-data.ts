/** A fixed-cell bitmap font covering ASCII 32–126. */
export interface FontData {
  readonly name: string;
  /** Advance and cell width in pixels (at most 8: one byte per row). */
  readonly width: number;
  readonly height: number;
  /** Rows above the baseline. */
  readonly ascent: number;
  /** Hex, `height` bytes per glyph from code 32 on. */
  readonly glyphs: string;
}

export interface Font extends FontData {
  /** Row bitmaps for a character; an unknown one draws as '?'. */
  rows(code: number): Uint8Array;
}

const FIRST = 32;
const LAST = 126;

/** Decodes the hex once, so drawing a glyph is a table lookup. */
export function buildFont(data: FontData): Font {
  const count = LAST - FIRST + 1;
  const table: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const rows = new Uint8Array(data.height);
    for (let r = 0; r < data.height; r++) {
      const at = (i * data.height + r) * 2;
      rows[r] = parseInt(data.glyphs.slice(at, at + 2), 16);
    }
    table.push(rows);
  }
  const fallback = table['?'.charCodeAt(0) - FIRST]!;
  return { ...data, rows: (code) => (code >= FIRST && code <= LAST ? table[code - FIRST]! : fallback) };
}
