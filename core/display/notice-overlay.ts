/**
 * Draws panel notices over a frame: a dark strip along the bottom edge with the notice's text,
 * in the largest font that fits, scrolling when none does. Several notices take turns. The frame
 * the plugin drew is never changed: the overlay draws on a copy.
 */
import type Database from 'better-sqlite3';
import { toRgb } from '../render/color.ts';
import { createFontSet, type Font } from '../render/fonts/index.ts';
import { drawText, measureText } from '../render/text.ts';
import { readNotices, type PanelNotice } from './notices.ts';

const TURN_MS = 4_000;
const SCROLL_PX_PER_S = 20;

function target(rgb: Uint8Array, width: number, height: number) {
  return {
    width,
    height,
    clipped: 0,
    put(x: number, y: number, c: [number, number, number]) {
      if (x < 0 || y < 0 || x >= width || y >= height) return;
      rgb.set(c, (y * width + x) * 3);
    },
  };
}

function pickFont(fonts: Fonts, text: string, width: number, height: number): Font {
  for (const name of ['5x7', '4x6']) {
    const f = fonts(name);
    if (measureText(f, text).width <= width - 2 && f.height + 2 <= height) return f;
  }
  return fonts('4x6');
}

export type Fonts = ReturnType<typeof createFontSet>;

export function drawNotice(
  fonts: Fonts,
  frame: Uint8Array,
  size: { width: number; height: number },
  n: PanelNotice,
  now: number,
): Uint8Array {
  const { width, height } = size;
  const font = pickFont(fonts, n.text, width, height);
  const out = frame.slice();
  const strip = Math.min(height, font.height + 2);
  out.fill(0, (height - strip) * width * 3);
  const t = target(out, width, height);
  const textWidth = measureText(font, n.text).width;
  const top = height - strip + 1;
  if (textWidth <= width - 2) drawText(t, font, n.text, width / 2, top, toRgb(n.color), { align: 'center' });
  else {
    // Scrolls in from the right, leaves on the left, and starts again.
    const span = width + textWidth;
    const x = width - Math.floor(((now / 1000) * SCROLL_PX_PER_S) % span);
    drawText(t, font, n.text, x, top, toRgb(n.color));
  }
  return out;
}

/**
 * The display's view of the notices: re-read when the database changed (`reload`), drawn over
 * each frame by `overlay` (the same frame back when there is none).
 */
export function createNoticeBoard(sqlite: Database.Database, now: () => number) {
  const fonts = createFontSet();
  let notices: PanelNotice[] = [];
  return {
    /** Reads the notices again; true when they changed. */
    reload(): boolean {
      const next = readNotices(sqlite, now());
      const changed = JSON.stringify(next) !== JSON.stringify(notices);
      notices = next;
      return changed;
    },
    current: () => notices,
    overlay(frame: Uint8Array, width: number, height: number): Uint8Array {
      if (!notices.length) return frame;
      const t = now();
      const live = notices.filter((n) => n.expiresAt === null || n.expiresAt > t);
      if (!live.length) return frame;
      return drawNotice(fonts, frame, { width, height }, live[Math.floor(t / TURN_MS) % live.length]!, t);
    },
  };
}
