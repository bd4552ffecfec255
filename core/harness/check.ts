/** What the harness refuses in a rendered frame: an error, nothing drawn, drawing off the panel, a changed picture. */
import type { ModeFrame } from './render.ts';
import type { Size } from './sizes.ts';

export const PROBLEM_KINDS = ['error', 'blank', 'offpanel', 'no-golden', 'differs'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface FrameProblem {
  kind: ProblemKind;
  message: string;
}

export interface Difference {
  pixels: number;
  box: { x: number; y: number; width: number; height: number };
}

const isBlack = (rgb: Uint8Array) => rgb.every((b) => b === 0);

/** Pixels that differ between two frames of one size, and the box around them; null when equal. */
export function compareFrames(size: Size, a: Uint8Array, b: Uint8Array): Difference | null {
  let pixels = 0;
  let [x0, y0, x1, y1] = [size.width, size.height, -1, -1];
  for (let i = 0, p = 0; i < a.length; i += 3, p++) {
    if (a[i] === b[i] && a[i + 1] === b[i + 1] && a[i + 2] === b[i + 2]) continue;
    pixels += 1;
    const x = p % size.width;
    const y = Math.floor(p / size.width);
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
  }
  return pixels ? { pixels, box: { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 } } : null;
}

/**
 * Problems of one frame. `golden` is the expected picture (null: none recorded yet, undefined:
 * not compared, as when goldens are being rewritten).
 */
export function judgeFrame(
  size: Size,
  frame: ModeFrame,
  golden: Uint8Array | null | undefined,
  opts: { allowOffpanel?: boolean } = {},
): FrameProblem[] {
  if (!frame.ok) return [{ kind: 'error', message: `render failed: ${frame.error ?? 'unknown error'}` }];
  const out: FrameProblem[] = [];
  if (!frame.drew) out.push({ kind: 'blank', message: 'render() returned false: nothing to show with the fixture' });
  else if (isBlack(frame.pixels)) out.push({ kind: 'blank', message: 'the frame is blank (every pixel black)' });
  if (frame.clipped > 0 && !opts.allowOffpanel)
    out.push({
      kind: 'offpanel',
      message: `${frame.clipped} pixel(s) drawn outside the ${size.width}×${size.height} panel`,
    });
  if (golden === null) out.push({ kind: 'no-golden', message: 'no golden image yet (run with --update to record it)' });
  else if (golden) {
    const diff = compareFrames(size, golden, frame.pixels);
    if (diff) {
      const { x, y, width, height } = diff.box;
      out.push({
        kind: 'differs',
        message: `${diff.pixels} pixel(s) differ from the golden image, within ${width}×${height} at (${x}, ${y})`,
      });
    }
  }
  return out;
}
