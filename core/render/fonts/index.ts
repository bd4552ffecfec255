import { FONT_4_6 } from './font-4x6.ts';
import { FONT_5_7 } from './font-5x7.ts';
import { FONT_6_10 } from './font-6x10.ts';
import { FONT_7_13 } from './font-7x13.ts';
import { buildFont, type Font } from './font-data.ts';

export type { Font } from './font-data.ts';

/** The bitmap fonts every plugin can use, by name. */
export const FONT_NAMES = ['4x6', '5x7', '6x10', '7x13'] as const;
export type FontName = (typeof FONT_NAMES)[number];
export const DEFAULT_FONT: FontName = '5x7';

const DATA = { '4x6': FONT_4_6, '5x7': FONT_5_7, '6x10': FONT_6_10, '7x13': FONT_7_13 } as const;

/** Fonts are decoded on first use and shared by every frame of the thread. */
export function createFontSet(): (name?: string) => Font {
  const built = new Map<string, Font>();
  return (name = DEFAULT_FONT) => {
    const key = (FONT_NAMES as readonly string[]).includes(name) ? name : DEFAULT_FONT;
    let font = built.get(key);
    if (!font) built.set(key, (font = buildFont(DATA[key as FontName])));
    return font;
  };
}
