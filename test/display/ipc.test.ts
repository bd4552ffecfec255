import { describe, expect, it } from 'vitest';
import { createDisplayIpc } from '../../core/display/ipc.ts';
import { createDisplayLink, type FrameMessage } from '../../core/display/web/link.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { memoryForkChannel } from '../support/fork-channel.ts';

const channel = memoryForkChannel;

const frame = (v: number) => new Uint8Array(4 * 2 * 3).fill(v);
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

function setup(maxFps = 20) {
  const ch = channel();
  let current = { rgb: frame(0), brightness: 90 };
  const ipc = createDisplayIpc(ch.child, { width: 4, height: 2, maxFps, current: () => current });
  const restarts: string[] = [];
  const link = createDisplayLink(memoryLogger(manualClock(0)));
  link.attach(ch.proc, (reason) => restarts.push(reason));
  const push = (v: number) => {
    current = { rgb: frame(v), brightness: 90 };
    ipc.onFrame(current.rgb, 90);
  };
  return { ch, ipc, link, push, restarts };
}

describe('preview frames over the fork channel', () => {
  it('are produced only while someone watches, at most maxFps, and the newest one always arrives', async () => {
    const s = setup(20);
    for (let i = 1; i <= 50; i++) s.push(i);
    await tick(20);
    expect(s.ch.sent()).toBe(0);

    const got: FrameMessage[] = [];
    const stop = s.link.subscribe((f) => got.push(f));
    await tick(20);
    // The frame on the panel when the viewer arrived, at once.
    expect(got.map((f) => f.rgb[0])).toEqual([50]);
    const t0 = performance.now();
    while (performance.now() - t0 < 300) {
      s.push(100 + Math.round(performance.now() - t0));
      await tick(2);
    }
    s.push(255);
    await tick(120);
    const span = (performance.now() - t0) / 1000;
    expect(got.length - 1).toBeLessThanOrEqual(Math.ceil(span * 20) + 1);
    expect(got.length - 1).toBeGreaterThanOrEqual(4);
    expect(got.at(-1)!.rgb[0]).toBe(255);

    stop();
    await tick(20);
    const before = s.ch.sent();
    for (let i = 0; i < 20; i++) s.push(i);
    await tick(120);
    expect(s.ch.sent()).toBe(before);
    expect(s.link.viewers()).toBe(0);
    s.ipc.close();
  });

  it('the current frame answers a request with no viewer; a restart request reaches the supervisor', async () => {
    const s = setup();
    s.push(7);
    const f = await s.link.currentFrame();
    expect([f.width, f.height, f.rgb[0], f.brightness]).toEqual([4, 2, 7, 90]);
    s.ipc.requestRestart('panel settings changed');
    await tick(10);
    expect(s.restarts).toEqual(['panel settings changed']);
  });
});
