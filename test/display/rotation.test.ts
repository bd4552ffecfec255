import { describe, expect, it } from 'vitest';
import { startRuntime } from '../support/display.ts';
import { RED, GREEN, BLUE, showing, shown, drawn, rotation, until } from '../support/rotation.ts';

describe('rotation', () => {
  it('shows enabled plugins in order, each for its display_duration', async () => {
    const h = await rotation();
    await until(h, 'a');
    h.clock.advance(9_000);
    await drawn(h);
    expect(h.runtime.loop.status().plugin_id).toBe('a');
    h.clock.advance(1_000);
    await h.until(showing(h, 'b'), 15_000, 'b after 10 s');
    expect(h.pixel()).toEqual(GREEN);
    h.clock.advance(10_000);
    await h.until(showing(h, 'a'), 15_000, 'a again');
  });

  it('falls back to the manifest default_duration, then 15 s', async () => {
    const h = await startRuntime({
      plugins: { m: { default_duration: 4 }, d: {} },
      config: {
        m: { enabled: true, color: RED },
        d: { enabled: true, color: GREEN },
        display: { plugin_rotation_order: ['m', 'd'] },
      },
    });
    await h.until(() => h.runtime.loop.status().state === 'showing', 15_000, 'showing');
    const first = h.runtime.loop.status();
    expect(first.until! - first.since).toBe(first.plugin_id === 'm' ? 4_000 : 15_000);
  });

  it('a toggle, a reorder and a duration change take effect before the dwell would have ended', async () => {
    const h = await rotation();
    await until(h, 'a');
    const dwell = h.runtime.loop.status();
    // Enable c and put it first; a's dwell is cut because a was disabled.
    h.setConfig({
      a: { enabled: false, color: RED },
      b: { enabled: true, color: GREEN, display_duration: 3 },
      c: { enabled: true, color: BLUE, display_duration: 10 },
      display: { plugin_rotation_order: ['c', 'b'] },
    });
    // The clock stands still: only the change itself can end a's 10 s dwell.
    await h.until(() => h.runtime.loop.status().plugin_id !== 'a', 15_000, 'a gone');
    expect(h.clock.now()).toBeLessThan(dwell.until!);
    await h.until(() => h.runtime.runners.get('c')?.eligible() === true, 15_000, 'c ready');
    h.clock.advance(20_000);
    await h.until(() => shown(h).includes('c') && shown(h).includes('b'), 15_000, 'b and c');
    const b = h.statuses.filter((s) => s.plugin_id === 'b').at(-1)!;
    expect(b.until! - b.since).toBe(3_000);
  });

  it('disabling everything shows the idle screen and does not spin', async () => {
    const h = await rotation();
    await until(h, 'a');
    h.setConfig({ a: { enabled: false }, b: { enabled: false } });
    await h.until(() => h.runtime.loop.status().state === 'idle', 15_000, 'idle');
    const frames = h.runtime.loop.stats().frames;
    const pushes = h.pushes();
    // A bounded observation window (nothing happening has no event to wait for); a spinning loop
    // would draw hundreds of frames in it.
    await new Promise((r) => setTimeout(r, 500));
    expect(h.pushes()).toBe(pushes);
    expect(h.runtime.loop.stats().frames).toBe(frames);
    expect(h.runtime.runners.size).toBe(0);
  });

  it('starts without waiting for update(): a frame while every slow update() is still pending; a plugin still loading is skipped until it has data', async () => {
    const slow = { enabled: true, update: 'slow', update_ms: 30_000, render: 'until-data', color: RED };
    const h = await startRuntime({
      plugins: { s1: {}, s2: {}, s3: {}, ready: {} },
      config: {
        s1: slow,
        s2: slow,
        s3: slow,
        ready: { enabled: true, color: GREEN, display_duration: 5 },
        display: { plugin_rotation_order: ['s1', 's2', 's3', 'ready'] },
      },
      settings: { 'plugins.updateDeadlineMs': 60_000 },
    });
    const slowIds = ['s1', 's2', 's3'];
    const started = (id: string) => h.log.lines.some((l) => l.msg === 'update started' && l.plugin === id);
    const finished = (id: string) => (h.runtime.runners.get(id)?.metrics().update.count ?? 0) > 0;
    await h.until(() => h.pushes() > 0, 15_000, 'first frame');
    await h.until(showing(h, 'ready'), 15_000, 'the plugin with data');
    // Each slow update (30 s) has begun and none has finished: the panel did not wait for them.
    await h.until(() => slowIds.every(started), 15_000, 'slow updates started');
    expect(slowIds.filter(finished)).toEqual([]);
    for (let i = 0; i < 3; i++) {
      h.clock.advance(5_000);
      await drawn(h);
    }
    expect(slowIds.filter(finished)).toEqual([]);
    expect(new Set(shown(h))).toEqual(new Set(['ready']));
    expect(h.pixel()).toEqual(GREEN);
  });

  it('a settings change reaches the running plugin (onConfigChange) without reloading it', async () => {
    const h = await rotation();
    await until(h, 'a');
    h.setConfig({
      a: { enabled: true, color: BLUE, display_duration: 10 },
      b: { enabled: true, color: GREEN, display_duration: 10 },
      display: { plugin_rotation_order: ['a', 'b'] },
    });
    await h.until(() => h.pixel()[2] === 255, 15_000, 'a drawn blue');
    expect(h.runtime.loop.status().plugin_id).toBe('a');
    const constructed = h.log.lines.filter((l) => l.msg === 'constructed' && l.plugin === 'a');
    expect(constructed).toHaveLength(1);
  });

  it('a plugin with nothing to show is skipped at once, never shown blank', async () => {
    const h = await startRuntime({
      plugins: { empty: {}, full: {} },
      config: {
        empty: { enabled: true, render: 'empty' },
        full: { enabled: true, color: GREEN, display_duration: 2 },
        display: { plugin_rotation_order: ['empty', 'full'] },
      },
    });
    await h.until(showing(h, 'full'), 15_000, 'full');
    for (let i = 0; i < 3; i++) {
      h.clock.advance(2_000);
      await drawn(h);
    }
    expect(shown(h)).not.toContain('empty');
    expect(h.pixel()).toEqual(GREEN);
  });

  it('an unchanged frame is not pushed again; a brightness change is', async () => {
    const h = await rotation();
    await until(h, 'a');
    const frames = h.runtime.loop.stats().frames;
    const pushes = h.pushes();
    await h.until(() => h.runtime.loop.stats().frames >= frames + 3, 15_000, 'more frames');
    expect(h.pushes()).toBe(pushes);
    expect(h.brightness()).toBe(90);
    // A dim window around now (12:00 UTC): same frame, pushed again at the dim level.
    h.setConfig({
      a: { enabled: true, color: RED, display_duration: 10 },
      b: { enabled: true, color: GREEN, display_duration: 10 },
      display: { plugin_rotation_order: ['a', 'b'], hardware: { brightness: 80 } },
      dim_schedule: { enabled: true, start_time: '11:00', end_time: '13:00', dim_brightness: 20 },
    });
    await h.until(() => h.brightness() === 20, 15_000, 'dimmed');
    expect(h.pushes()).toBe(pushes + 1);
    expect(h.pixel()).toEqual(RED);
  });

  it('outside the on/off schedule the panel is black; back on at the boundary', async () => {
    const h = await rotation({ schedule: { enabled: true, start_time: '12:30', end_time: '23:00' }, timezone: 'UTC' });
    await h.until(() => h.runtime.loop.status().state === 'off', 15_000, 'off');
    expect(h.pixel()).toEqual([0, 0, 0]);
    h.clock.advance(30 * 60_000);
    // Which of the two comes first depends on where the rotation stood when the panel went off.
    await h.until(() => h.runtime.loop.status().state === 'showing', 15_000, 'on at 12:30');
    expect(['a', 'b']).toContain(h.runtime.loop.status().plugin_id);
    expect(h.pixel()).not.toEqual([0, 0, 0]);
  });
});
