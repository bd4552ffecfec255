/** The panel sizes every plugin is rendered at (LEDMatrix's harness sizes: common panels and chains). */
export const HARNESS_SIZES = ['64x32', '128x32', '64x64', '96x48', '128x64', '256x32', '128x96', '256x128'] as const;

export interface Size {
  width: number;
  height: number;
}

const SIZE = /^(\d{1,4})x(\d{1,4})$/;

/** `"128x32"` → `{ width: 128, height: 32 }`; throws on anything else. */
export function parseSize(text: string): Size {
  const m = SIZE.exec(text.trim().toLowerCase().replace('×', 'x'));
  const width = Number(m?.[1]);
  const height = Number(m?.[2]);
  if (!m || width < 8 || height < 8 || width > 1024 || height > 1024)
    throw new RangeError(`a panel size is WIDTHxHEIGHT with 8 to 1024 pixels each, such as 128x32; got ${text}`);
  return { width, height };
}

export const sizeName = (s: Size) => `${s.width}x${s.height}`;
