import { describe, expect, it } from 'vitest';
import { startRuntime } from '../support/display.ts';
import { startOnDemand, stopOnDemand } from '../../core/display/web/on-demand.ts';
import { RED, GREEN, BLUE, showing, shown, drawn, rotation, until } from '../support/rotation.ts';

// What takes the panel ahead of the rotation: a plugin asked for on demand, a plugin gone live.

describe('on-demand', () => {
  it('shows a plugin before the dwell on screen ends, even a disabled one; stop returns to the rotation', async () => {
    const h = await rotation();
    await until(h, 'a');
    const dwell = h.runtime.loop.status();
    startOnDemand(h.web.sqlite, h.clock.now(), { plugin_id: 'c' });
    // The clock stands still: the request itself, not a's dwell ending, brings c.
    await h.until(showing(h, 'c'), 15_000, 'c on demand');
    expect(h.clock.now()).toBeLessThan(dwell.until!);
    expect(h.runtime.loop.status().source).toBe('on_demand');
    expect(h.pixel()).toEqual(BLUE);
    h.clock.advance(60_000);
    await drawn(h);
    expect(h.runtime.loop.status().plugin_id).toBe('c');
    stopOnDemand(h.web.sqlite, h.clock.now());
    await h.until(() => h.runtime.loop.status().source === 'rotation', 15_000, 'rotation again');
    expect(h.runtime.runners.has('c')).toBe(false);
  });

  it('expires after its duration; the host of a disabled plugin shown on demand stops', async () => {
    const h = await rotation();
    await until(h, 'a');
    startOnDemand(h.web.sqlite, h.clock.now(), { plugin_id: 'c', duration: 30 });
    await h.until(() => h.runtime.loop.status().source === 'on_demand', 15_000, 'on demand');
    h.clock.advance(30_000);
    await h.until(() => h.runtime.loop.status().source === 'rotation', 15_000, 'expired');
    await h.until(() => !h.runtime.runners.has('c'), 15_000, 'c stopped');
  });

  it('overrides off hours', async () => {
    const h = await rotation({ schedule: { enabled: true, start_time: '20:00', end_time: '06:00' } });
    await h.until(() => h.runtime.loop.status().state === 'off', 15_000, 'off');
    startOnDemand(h.web.sqlite, h.clock.now(), { plugin_id: 'b', mode: 'b' });
    await h.until(showing(h, 'b'), 15_000, 'b on demand');
  });
});

describe('live priority', () => {
  it('a plugin going live takes the panel before the dwell on screen ends and the rotation resumes where it was', async () => {
    // Frames are judged late, and calls overdue, in wall time: on a busy machine a frame of b's a few
    // hundred ms late hands the panel on to c before c goes live, and the rotation then rightly
    // resumes elsewhere; a missed deadline stops a plugin, and the standing clock never brings it
    // back. Still pictures (no frame due after a dwell's first) and long deadlines leave the rotation
    // to the test alone.
    const a = { enabled: true, color: RED, display_duration: 10, still: true };
    const b = { enabled: true, color: GREEN, display_duration: 10, still: true };
    const c = { enabled: true, color: BLUE, live_priority: true, still: true };
    const h = await rotation(
      { a, b, c: { ...c, live_now: false } },
      { 'plugins.renderDeadlineMs': 10_000, 'plugins.updateDeadlineMs': 10_000 },
    );
    await until(h, 'a');
    h.clock.advance(10_000);
    await h.until(showing(h, 'b'), 15_000, 'b');
    h.setConfig({ a, b, c: { ...c, live_now: true }, display: { plugin_rotation_order: ['a', 'b', 'c'] } });
    const dwell = h.runtime.loop.status();
    // The clock stands still: going live, not b's dwell ending, brings c.
    await h.until(() => h.runtime.loop.status().source === 'live', 15_000, 'live');
    expect(h.clock.now()).toBeLessThan(dwell.until!);
    expect(h.runtime.loop.status().plugin_id).toBe('c');
    h.setConfig({
      a,
      b,
      c: { ...c, live_now: false, render: 'empty' },
      display: { plugin_rotation_order: ['a', 'b', 'c'] },
    });
    await h.until(() => h.runtime.loop.status().source === 'rotation', 15_000, 'rotation');
    expect(h.runtime.loop.status().plugin_id).toBe('b');
  });

  it('two live plugins alternate per dwell', async () => {
    const h = await startRuntime({
      plugins: { x: {}, y: {}, n: {} },
      config: {
        x: { enabled: true, color: RED, live_priority: true, live_now: true, display_duration: 5 },
        y: { enabled: true, color: GREEN, live_priority: true, live_now: true, display_duration: 5 },
        n: { enabled: true, color: BLUE, display_duration: 5 },
      },
    });
    // Both live and both with data: a plugin still loading is skipped (its turn is the other's).
    const ready = (id: string) => h.runtime.runners.get(id)!.live() && h.runtime.runners.get(id)!.eligible();
    await h.until(() => ready('x') && ready('y'), 15_000, 'both live and ready');
    // The loop decides from the runtime's last look (a tick); dwells here end as fast as the test
    // moves the clock, so it waits for a look that has seen both.
    await h.ticked(2);
    await h.until(() => h.runtime.loop.status().source === 'live', 15_000, 'live on screen');
    for (let i = 0; i < 4; i++) {
      const before = h.statuses.length;
      h.clock.advance(5_000);
      await h.until(() => h.statuses.length > before, 15_000, 'next live dwell');
    }
    const live = h.statuses.filter((s) => s.source === 'live').map((s) => s.plugin_id);
    expect(live.length).toBeGreaterThanOrEqual(4);
    // They take turns; a first frame late on a busy machine hands one turn back to the other.
    const turns = live.filter((p, i) => i > 0 && p !== live[i - 1]).length;
    expect(new Set(live)).toEqual(new Set(['x', 'y']));
    expect(turns).toBeGreaterThanOrEqual(live.length - 2);
    expect(shown(h).slice(-4)).not.toContain('n');
  });
});
