import { Frame } from '../render/frame.ts';

/**
 * Shown when nothing is enabled or nothing has anything to show: a still frame, so it is pushed
 * once and costs nothing while it stays.
 */
export function idleFrame(width: number, height: number): Uint8Array {
  const f = new Frame(width, height);
  const font = width >= 48 && height >= 16 ? '5x7' : '4x6';
  const { height: h } = f.measureText('MARQUEE', { font });
  const y = Math.max(0, Math.floor((height - h) / 2) - (height >= 24 ? 3 : 0));
  f.text('MARQUEE', width / 2, y, [90, 60, 0], { font, align: 'center' });
  if (height >= 24) f.text('nothing to show', width / 2, y + h + 3, [40, 40, 40], { font: '4x6', align: 'center' });
  return f.data;
}
