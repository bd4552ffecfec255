import { describe, expect, it } from 'vitest';
import { Frame } from '../../../core/render/frame.ts';
import { frameInfo, litPixels, pluginContext } from '../../../test/support/plugin-context.ts';
import Text from '../index.mjs';
import { positionAt } from '../lib/timeline.mjs';

const opts = { panelWidth: 64, speed: 32, holdMs: 5000 };

describe('text timeline', () => {
  it('holds a static message, then moves on to the next, then starts over', () => {
    const items = [
      { width: 40, scrolls: false },
      { width: 30, scrolls: false },
    ];
    expect(positionAt(items, 0, opts)).toEqual({ index: 0, x: null });
    expect(positionAt(items, 4999, opts)).toEqual({ index: 0, x: null });
    expect(positionAt(items, 5000, opts)).toEqual({ index: 1, x: null });
    expect(positionAt(items, 10_000, opts)).toEqual({ index: 0, x: null });
  });

  it('opens with a scrolling message already on the panel and runs it until it has left', () => {
    const items = [
      { width: 128, scrolls: true },
      { width: 20, scrolls: false },
    ];
    expect(positionAt(items, 0, opts)).toEqual({ index: 0, x: 0 });
    expect(positionAt(items, 1000, opts)).toEqual({ index: 0, x: -32 });
    // 128 px at 32 px/s from x = 0: gone after 4 s, then the static message.
    expect(positionAt(items, 3999, opts)!.index).toBe(0);
    expect(positionAt(items, 4000, opts)).toEqual({ index: 1, x: null });
    // The next time round, the scrolling message enters from the right edge.
    expect(positionAt(items, 9000, opts)).toEqual({ index: 0, x: 64 });
  });

  it('loops a single scrolling message without a gap longer than the panel', () => {
    const items = [{ width: 100, scrolls: true }];
    const xs = [0, 1000, 2000, 3000, 4000, 5000, 5500].map((t) => positionAt(items, t, opts)!.x);
    expect(xs).toEqual([0, -32, -64, -96, 36, 4, -12]);
  });
});

describe('text plugin', () => {
  const draw = (config: Record<string, unknown>, elapsedMs = 0, size: [number, number] = [64, 32]) => {
    const { ctx } = pluginContext({ config });
    const frame = new Frame(...size);
    const drew = new Text(ctx).render(frame, frameInfo(frame, 0, 'text', elapsedMs));
    return { frame, drew };
  };

  it('shows a message that fits without scrolling, centred, and the same at any time', () => {
    const a = draw({ messages: ['Hi'] }, 0);
    const b = draw({ messages: ['Hi'] }, 7000);
    expect(a.drew).toBe(true);
    expect(Buffer.compare(a.frame.data, b.frame.data)).toBe(0);
  });

  it('scrolls a long message without drawing outside the panel', () => {
    const frames = [0, 500, 1000, 4000].map((t) => draw({ messages: ['A message far wider than the panel'] }, t));
    for (const f of frames) {
      expect(f.drew).toBe(true);
      expect(f.frame.clipped).toBe(0);
    }
    expect(Buffer.compare(frames[0]!.frame.data, frames[1]!.frame.data)).not.toBe(0);
  });

  it('cuts a long message instead of scrolling it when scrolling is off', () => {
    const a = draw({ messages: ['A message far wider than the panel'], scroll: 'never' }, 0);
    const b = draw({ messages: ['A message far wider than the panel'], scroll: 'never' }, 3000);
    expect(a.drew).toBe(true);
    expect(Buffer.compare(a.frame.data, b.frame.data)).toBe(0);
  });

  it('uses the chosen font and color', () => {
    const small = draw({ messages: ['Hi'], font: '4x6', color: [255, 0, 0] });
    const big = draw({ messages: ['Hi'], font: '7x13', color: [255, 0, 0] });
    expect(litPixels(small.frame)).toBeLessThan(litPixels(big.frame));
    expect(small.frame.data.some((v, i) => i % 3 === 1 && v !== 0)).toBe(false);
  });

  it('has nothing to show without messages (the rotation skips it)', () => {
    expect(draw({ messages: [] }).drew).toBe(false);
    expect(draw({ messages: ['  '] }).drew).toBe(false);
  });

  it('shows several messages in turn', () => {
    const config = { messages: ['One', 'Two'], message_seconds: 2 };
    const first = draw(config, 0);
    const second = draw(config, 2000);
    const again = draw(config, 4000);
    expect(Buffer.compare(first.frame.data, second.frame.data)).not.toBe(0);
    expect(Buffer.compare(first.frame.data, again.frame.data)).toBe(0);
  });
});
