import { describe, expect, it } from 'vitest';
import { Frame } from '../../core/render/frame.ts';

const WHITE = [255, 255, 255] as const;
const lit = (f: Frame) => {
  let n = 0;
  for (let i = 0; i < f.data.length; i += 3) if (f.data[i]) n++;
  return n;
};

describe('text layout on the frame', () => {
  it('fits text in the tallest font and whole-number scale that the box allows', () => {
    const f = new Frame(64, 32);
    // 7x13 doubled is 70 wide; 6x10 doubled (60 × 20) is the tallest that fits.
    expect(f.fitText('12:45', 64, 32)).toMatchObject({ font: { name: '6x10' }, scale: 2, height: 20, width: 60 });
    expect(f.fitText('a long line', 62, 32)).toMatchObject({ font: { name: '5x7' }, scale: 1, width: 55 });
    expect(f.fitText('a long line of text', 62, 32)).toBeNull();
    expect(f.fitText('x', 64, 5)).toBeNull();
    expect(f.fitText('Hi', 64, 32, ['5x7'])).toMatchObject({ font: { name: '5x7' }, scale: 4 });
  });

  it('takes the first wording that fits, else cuts the last one in the smallest font', () => {
    const f = new Frame(32, 16);
    expect(f.fitFirstText(['Thunderstorm', 'Storm'], 30, 8)!.text).toBe('Storm');
    expect(f.fitFirstText(['Thunderstorm with hail'], 30, 8)).toMatchObject({ text: 'Thunder', font: { name: '4x6' } });
    expect(f.placeText('abc', '5x7', 3)).toMatchObject({ width: 45, height: 21 });
    expect(f.innerWidth()).toBe(30);
    expect(f.innerWidth(128)).toBe(120);
  });

  it('draws placed text across the edges without counting it as drawing off the panel', () => {
    const f = new Frame(32, 16);
    const placed = f.placeText('SCROLLING', '6x10');
    f.drawPlaced(placed, -20, 3, WHITE);
    expect(lit(f)).toBeGreaterThan(0);
    expect(f.clipped).toBe(0);
    const framed = new Frame(32, 16);
    framed.text('SCROLLING', -20, 3, WHITE, { font: '6x10' });
    expect(framed.clipped).toBeGreaterThan(0);
  });

  it('stacks lines centred, drops lines from the bottom that do not fit, and says whether it drew', () => {
    const f = new Frame(64, 32);
    expect(
      f.stackText([
        { text: '21°', color: WHITE, weight: 2 },
        { text: 'Sunny', color: WHITE },
      ]),
    ).toBe(true);
    expect(f.clipped).toBe(0);
    const rows = Array.from({ length: 32 }, (_, y) => f.data.subarray(y * 64 * 3, (y + 1) * 64 * 3).some(Boolean));
    const top = rows.indexOf(true);
    const bottom = 31 - rows.lastIndexOf(true);
    expect(top).toBeGreaterThan(0);
    expect(Math.abs(top - bottom)).toBeLessThanOrEqual(2);
    const tiny = new Frame(16, 8);
    expect(
      tiny.stackText([
        { text: 'one', color: WHITE },
        { text: 'two', color: WHITE },
      ]),
    ).toBe(true);
    expect(new Frame(8, 4).stackText([{ text: 'x', color: WHITE }])).toBe(false);
    expect(new Frame(64, 32).stackText([{ text: '', color: WHITE }])).toBe(false);
  });
});
