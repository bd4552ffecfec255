import { describe, expect, it } from 'vitest';
import { compareWithGolden } from './golden.ts';
import { initHost, installFixtures, loadPlugin, render, startHost } from './host-client.ts';

/** 2026-01-15T18:34:56Z, the instant LEDMatrix's reference frames were drawn at. */
const FROZEN = Date.parse('2026-01-15T18:34:56Z');

describe('Python host: rendering LEDMatrix plugins', () => {
  for (const [width, height] of [
    [64, 32],
    [128, 32],
  ] as const) {
    it(`draws a text plugin in LEDMatrix's stock fonts, matching its golden frame at ${width}x${height}`, async () => {
      const { plugins } = installFixtures(['hello-text']);
      const host = startHost();
      const init = await initHost(host, { width, height });
      expect(init).toMatchObject({ t: 'done', runtime: 'python', landlock_abi: expect.any(Number) });
      expect(init.fonts).toEqual(expect.arrayContaining(['PressStart2P-Regular.ttf', '4x6-font.ttf', '5x7.bdf']));
      const load = await loadPlugin(host, plugins['hello-text']!, { message: 'Hello' });
      expect(load).toMatchObject({ t: 'done', modes: ['hello-text'], fps: 1, durations: { display_s: 12 } });
      const { reply, frames } = await render(host, 'hello-text');
      expect(reply).toMatchObject({ t: 'done', shown: true, next_in_ms: 1000, cpu_ms: expect.any(Number) });
      expect(frames).toHaveLength(1);
      expect(frames[0]!.header).toMatchObject({ plugin_id: 'hello-text', width, height, id: reply.id });
      expect(compareWithGolden(`hello-text-${width}x${height}`, frames[0]!.payload, width, height)).toEqual([]);
    });
  }

  it('gives a clock the device time zone (frozen for the golden frame) through both config managers', async () => {
    const { plugins } = installFixtures(['tz-clock']);
    for (const [timezone, name, width] of [
      ['America/New_York', 'tz-clock-new-york-64x32', 64],
      ['Asia/Tokyo', 'tz-clock-tokyo-128x32', 128],
    ] as const) {
      const host = startHost();
      await initHost(host, { width, height: 32 }, { facts: { timezone }, freeze_time_ms: FROZEN });
      expect(await loadPlugin(host, plugins['tz-clock']!)).toMatchObject({ t: 'done', update_interval_s: 30 });
      const { reply, frames } = await render(host, 'tz-clock');
      expect(reply).toMatchObject({ t: 'done', shown: true });
      expect(compareWithGolden(name, frames[0]!.payload, width, 32)).toEqual([]);
      host.send('shutdown');
      expect(await host.exited).toEqual({ code: 0, signal: null });
    }
  });

  it('sends every frame a plugin pushes while it scrolls inside one display() call, then done', async () => {
    const { plugins } = installFixtures(['hello-text']);
    const host = startHost();
    await initHost(host);
    const load = await loadPlugin(host, plugins['hello-text']!, { message: 'Scrolling along', scroll: true });
    expect(load).toMatchObject({ fps: 125 });
    const { reply, frames } = await render(host, 'hello-text');
    expect(reply).toMatchObject({ t: 'done', shown: true, next_in_ms: 8 });
    // 64 px lead-in + the text, 4 px a step: one frame per step, each a whole panel.
    expect(frames.length).toBeGreaterThan(40);
    for (const f of frames) expect(f.payload.length).toBe(64 * 32 * 3);
    for (const f of frames) expect(f.header.id).toBe(reply.id);
    // The text enters from the right: the first frame's left half is still dark, later ones are not.
    expect(litLeftHalf(frames[0]!.payload)).toBe(false);
    expect(frames.some((f) => litLeftHalf(f.payload))).toBe(true);
    expect(new Set(frames.map((f) => f.payload.toString('base64'))).size).toBeGreaterThan(20);
  });

  it("keeps two plugins' same-named local modules apart in one host, and reloads a plugin after unload", async () => {
    const { plugins } = installFixtures(['hello-text', 'tz-clock']);
    const host = startHost();
    const expected = Object.values(plugins).map(({ id, dir, data_dir }) => ({ id, dir, data_dir }));
    await initHost(
      host,
      { width: 64, height: 32 },
      { facts: { timezone: 'America/New_York' }, freeze_time_ms: FROZEN, plugins: expected },
    );
    await loadPlugin(host, plugins['hello-text']!, { message: 'Hello' });
    await loadPlugin(host, plugins['tz-clock']!);
    const [text, clock] = await Promise.all([render(host, 'hello-text'), render(host, 'tz-clock')]);
    expect(compareWithGolden('hello-text-64x32', text.frames[0]!.payload, 64, 32)).toEqual([]);
    expect(compareWithGolden('tz-clock-new-york-64x32', clock.frames[0]!.payload, 64, 32)).toEqual([]);
    expect((await host.request('unload', { plugin_id: 'hello-text' })).reply.t).toBe('done');
    expect((await render(host, 'hello-text')).reply).toMatchObject({ t: 'error', code: 'PLUGIN_NOT_FOUND' });
    expect(await loadPlugin(host, plugins['hello-text']!, { message: 'Hello' })).toMatchObject({ t: 'done' });
    const again = await render(host, 'hello-text');
    expect(compareWithGolden('hello-text-64x32', again.frames[0]!.payload, 64, 32)).toEqual([]);
  });

  it('passes new settings to on_config_change and answers with the new durations', async () => {
    const { plugins } = installFixtures(['hello-text']);
    const host = startHost();
    await initHost(host);
    await loadPlugin(host, plugins['hello-text']!, { message: 'Hello' });
    const before = (await render(host, 'hello-text')).frames[0]!.payload;
    const configure = await host.request('configure', {
      plugin_id: 'hello-text',
      config: { message: 'Bye', color: [0, 255, 0], display_duration: '7' },
    });
    expect(configure.reply).toMatchObject({ t: 'done', durations: { display_s: 7 } });
    const after = (await render(host, 'hello-text')).frames[0]!.payload;
    expect(after.equals(before)).toBe(false);
    expect(after.includes(Buffer.from([0, 255, 0]))).toBe(true);
  });
});

function litLeftHalf(rgb: Buffer, width = 64, height = 32): boolean {
  for (let y = 0; y < height; y++)
    if (rgb.subarray(y * width * 3, (y * width + width / 2) * 3).some((v) => v !== 0)) return true;
  return false;
}
