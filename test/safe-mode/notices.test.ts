import { describe, expect, it } from 'vitest';
import { clearNotice, readNotices, setNotice } from '../../core/display/notices.ts';
import { createNoticeBoard } from '../../core/display/notice-overlay.ts';
import { startRuntime } from '../support/display.ts';
import { testDeps } from '../support/deps.ts';

const W = 64;
const H = 32;
const lit = (frame: Uint8Array, rows: [number, number]) => {
  let n = 0;
  for (let y = rows[0]; y < rows[1]; y++) for (let x = 0; x < W; x++) if (frame[(y * W + x) * 3]! > 0) n += 1;
  return n;
};

describe('panel notices', () => {
  it('draws the notice in a dark strip along the bottom, over a copy of the frame', () => {
    const deps = testDeps();
    const board = createNoticeBoard(deps.db.sqlite, deps.clock.now);
    const frame = new Uint8Array(W * H * 3).fill(40);
    expect(board.overlay(frame, W, H)).toBe(frame);
    setNotice(deps.db.sqlite, { key: 'safe-mode', text: 'SAFE MODE', color: '#ffb000' }, deps.clock.now());
    expect(board.reload()).toBe(true);
    expect(board.reload()).toBe(false);
    const drawn = board.overlay(frame, W, H);
    expect(drawn).not.toBe(frame);
    expect(frame.every((b) => b === 40)).toBe(true);
    // Above the strip the plugin's frame is untouched; in it the text is lit on black.
    expect(drawn.subarray(0, W * (H - 9) * 3).every((b) => b === 40)).toBe(true);
    expect(lit(drawn, [H - 9, H])).toBeGreaterThan(20);
    expect(drawn[((H - 1) * W + 0) * 3]).toBe(0);
  });

  it('scrolls a notice too long for the panel', () => {
    const deps = testDeps();
    const board = createNoticeBoard(deps.db.sqlite, deps.clock.now);
    setNotice(deps.db.sqlite, { key: 'pairing', text: 'PAIR WITH CODE 482 913 ON YOUR PHONE' }, deps.clock.now());
    board.reload();
    // The scroll position follows the clock: at 3.2 s of its cycle (64 px at 20 px/s) the text
    // starts at the left edge and fills the panel, whenever the test runs.
    deps.clock.set(3_200);
    const blank = new Uint8Array(W * H * 3);
    const at = (ms: number) => (deps.clock.advance(ms), Buffer.from(board.overlay(blank, W, H)));
    const first = at(0);
    expect(first.equals(at(500))).toBe(false);
    expect(lit(first, [H - 9, H])).toBeGreaterThan(20);
  });

  it('takes turns between several notices and forgets expired ones', () => {
    const deps = testDeps();
    const board = createNoticeBoard(deps.db.sqlite, deps.clock.now);
    deps.clock.set(Math.ceil(deps.clock.now() / 8_000) * 8_000);
    const now = deps.clock.now();
    setNotice(deps.db.sqlite, { key: 'one', text: 'ONE' }, now);
    setNotice(deps.db.sqlite, { key: 'two', text: 'TWO', expiresAt: now + 60_000 }, now + 1);
    board.reload();
    const blank = new Uint8Array(W * H * 3);
    const one = Buffer.from(board.overlay(blank, W, H));
    deps.clock.advance(4_000);
    const two = Buffer.from(board.overlay(blank, W, H));
    expect(one.equals(two)).toBe(false);
    deps.clock.advance(4_000);
    expect(Buffer.from(board.overlay(blank, W, H)).equals(one)).toBe(true);
    deps.clock.set(now + 120_000);
    board.reload();
    expect(readNotices(deps.db.sqlite, deps.clock.now()).map((n) => n.key)).toEqual(['one']);
    clearNotice(deps.db.sqlite, 'one');
    board.reload();
    expect(board.overlay(blank, W, H)).toBe(blank);
  });

  it('refuses a key that is not a short name', () => {
    const deps = testDeps();
    expect(() => setNotice(deps.db.sqlite, { key: 'Not A Key', text: 'x' }, 0)).toThrow(/must match/);
  });

  it('the display draws a notice over the plugin on screen within a second of it being set', async () => {
    const h = await startRuntime({
      plugins: { c: { fps: 10 } },
      config: { c: { enabled: true, color: [0, 0, 255] } },
      width: 64,
      height: 32,
    });
    await h.until(() => h.pixel()[2] === 255, 5_000, 'the plugin on screen');
    // Written by another connection, as the web process writes it.
    setNotice(h.web.sqlite, { key: 'safe-mode', text: 'SAFE MODE', color: '#ff0000' }, h.clock.now());
    await h.until(() => h.pixel(0, 31)[2] === 0, 5_000, 'the notice strip');
    expect(h.pixel(0, 0)).toEqual([0, 0, 255]);
  });
});
