import { css } from 'lit';

/**
 * A panel's picture drawn as LEDs: one canvas pixel per LED, scaled up without smoothing, each
 * masked to a round dot as the panel looks from close by. Every element that shows a frame (the
 * live preview, a store preview, a row of the Plugins page) draws through here.
 */

/** A canvas with the class `led-dots` shows its pixels as dots; `--cols` and `--rows` are the panel's size (`ledGrid`). */
export const ledCanvasStyles = css`
  canvas.led {
    display: block;
    width: 100%;
    image-rendering: pixelated;
  }
  canvas.led-dots {
    -webkit-mask-image: radial-gradient(circle closest-side, #000 82%, transparent 96%);
    mask-image: radial-gradient(circle closest-side, #000 82%, transparent 96%);
    -webkit-mask-size: calc(100% / var(--cols)) calc(100% / var(--rows));
    mask-size: calc(100% / var(--cols)) calc(100% / var(--rows));
  }
`;

/** Sets the panel's size for the dot mask, through the CSS object model (the page's Content-Security-Policy refuses style attributes). */
export function ledGrid(host: HTMLElement, cols: number, rows: number): void {
  host.style.setProperty('--cols', String(cols));
  host.style.setProperty('--rows', String(rows));
}

/**
 * Draws frame `index` of `bitmap` (a still picture, or a strip of frames one below the other, each
 * as tall as the canvas) onto the canvas. False when there is no canvas to draw on yet.
 */
export function paintLeds(canvas: HTMLCanvasElement | null | undefined, bitmap: ImageBitmap, index = 0): boolean {
  const ctx = canvas?.getContext('2d');
  if (!canvas || !ctx) return false;
  const { width, height } = canvas;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(bitmap, 0, index * height, width, height, 0, 0, width, height);
  return true;
}

/** A frame the server sent as base64 PNG, decoded for drawing (null when it is not a picture). */
export async function decodePngFrame(b64: string): Promise<ImageBitmap | null> {
  try {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
  } catch {
    return null;
  }
}
