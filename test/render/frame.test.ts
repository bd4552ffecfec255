import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { Frame } from '../../core/render/frame.ts';
import { encodePng } from '../../core/render/png.ts';
import { decodePng } from '../../core/render/png-decode.ts';
import { FONT_NAMES } from '../../core/render/fonts/index.ts';

const lit = (f: Frame) => {
  const out: string[] = [];
  for (let y = 0; y < f.height; y++)
    for (let x = 0; x < f.width; x++) if (f.getPixel(x, y)!.some((c) => c > 0)) out.push(`${x},${y}`);
  return out;
};

describe('drawing', () => {
  it('pixels, colors in three notations, and getPixel', () => {
    const f = new Frame(4, 2);
    f.pixel(0, 0, [255, 0, 0]).pixel(1, 0, 0x00ff00).pixel(2, 0, '#00f').pixel(3, 1, '#123456');
    expect([f.getPixel(0, 0), f.getPixel(1, 0), f.getPixel(2, 0), f.getPixel(3, 1)]).toEqual([
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [0x12, 0x34, 0x56],
    ]);
    expect(f.getPixel(4, 0)).toBeNull();
  });

  it('lines include both ends; rect outlines and fills; circles', () => {
    const f = new Frame(8, 8);
    f.line(0, 0, 3, 3, 1);
    expect(lit(f)).toEqual(['0,0', '1,1', '2,2', '3,3']);
    const r = new Frame(4, 4).rect(0, 0, 4, 4, 1);
    expect(lit(r)).toHaveLength(12);
    expect(lit(new Frame(4, 4).rect(1, 1, 2, 2, 1, { fill: true }))).toEqual(['1,1', '2,1', '1,2', '2,2']);
    const c = new Frame(9, 9).circle(4, 4, 3, 1);
    expect(c.getPixel(4, 1)).not.toEqual([0, 0, 0]);
    expect(c.getPixel(4, 4)).toEqual([0, 0, 0]);
    expect(new Frame(9, 9).circle(4, 4, 3, 1, { fill: true }).getPixel(4, 4)).not.toEqual([0, 0, 0]);
  });

  it('clips everything to the panel and counts what fell outside', () => {
    const f = new Frame(4, 4);
    f.fillRect(-2, -2, 4, 4, [255, 255, 255]);
    expect(lit(f)).toEqual(['0,0', '1,0', '0,1', '1,1']);
    expect(f.clipped).toBe(12);
    f.line(-5, 0, 10, 0, 1)
      .circle(0, 0, 10, 1)
      .image({ width: 3, height: 3, channels: 3, data: new Uint8Array(27).fill(9) }, 3, 3);
    f.text('HELLO', 2, 2, 1);
    expect(f.data.length).toBe(48);
    expect(f.clipped).toBeGreaterThan(12);
  });

  it('measures text for centring and draws it centred', () => {
    const f = new Frame(64, 8);
    expect(f.measureText('HELLO', { font: '5x7' })).toEqual({ width: 25, height: 7, ascent: 6 });
    expect(f.measureText('HI', { font: '4x6', spacing: 1 }).width).toBe(9);
    const w = f.text('HI', 32, 0, 0xffffff, { align: 'center' });
    expect(w).toBe(10);
    const xs = lit(f).map((p) => Number(p.split(',')[0]));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(27);
    expect(Math.max(...xs)).toBeLessThan(37);
  });

  it('every font has a glyph for each printable ASCII character, and unknown ones draw as ?', () => {
    for (const font of FONT_NAMES) {
      const f = new Frame(16, 16);
      for (let c = 33; c <= 126; c++) {
        f.clear().text(String.fromCharCode(c), 0, 0, 1, { font });
        expect(lit(f).length, `${font} ${String.fromCharCode(c)}`).toBeGreaterThan(0);
      }
      f.clear().text('\u00e9', 0, 0, 1, { font });
      const unknown = lit(f);
      f.clear().text('?', 0, 0, 1, { font });
      expect(unknown).toEqual(lit(f));
    }
  });

  it('blends RGBA images', () => {
    const f = new Frame(2, 1).clear([0, 0, 200]);
    f.image({ width: 2, height: 1, channels: 4, data: Uint8Array.of(255, 0, 0, 255, 255, 0, 0, 0) }, 0, 0);
    expect(f.getPixel(0, 0)).toEqual([255, 0, 0]);
    expect(f.getPixel(1, 0)).toEqual([0, 0, 200]);
  });
});

describe('PNG', () => {
  it('encodes a frame that decodes to the same pixels', () => {
    const f = new Frame(37, 11);
    f.text('Marquee', 1, 2, [250, 120, 3]);
    f.line(0, 10, 36, 0, [1, 2, 3]);
    const png = encodePng(f.width, f.height, f.data);
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const img = decodePng(png);
    expect([img.width, img.height, img.channels]).toEqual([37, 11, 4]);
    for (let i = 0; i < 37 * 11; i++)
      expect([...img.data.subarray(i * 4, i * 4 + 3)]).toEqual([...f.data.subarray(i * 3, i * 3 + 3)]);
    // The IDAT is a valid zlib stream (checked independently of the decoder).
    const idat = png.indexOf('IDAT');
    const len = png.readUInt32BE(idat - 4);
    expect(zlib.inflateSync(png.subarray(idat + 4, idat + 4 + len)).length).toBe((37 * 3 + 1) * 11);
  });
});
