import { describe, expect, it } from 'vitest';
import { Frame } from '../../../core/render/frame.ts';
import { frameInfo, litPixels, pluginContext } from '../../../test/support/plugin-context.ts';
import Clock from '../index.mjs';
import { createClockFormat } from '../lib/time.mjs';

const at = (iso: string) => Date.parse(iso);
const fmt = (o: { zone: string; hour12?: boolean; seconds?: boolean; dateFormat?: string }) =>
  createClockFormat({ hour12: false, seconds: false, dateFormat: 'weekday_month_day', ...o });

describe('clock text at fixed instants', () => {
  it('shows 12-hour time with AM/PM and 24-hour time with a leading zero', () => {
    const now = new Date(at('2026-03-14T15:09:26Z'));
    expect(fmt({ zone: 'UTC', hour12: true }).format(now)).toMatchObject({ time: '3:09', period: 'PM' });
    expect(fmt({ zone: 'UTC' }).format(now)).toMatchObject({ time: '15:09', period: '' });
    expect(fmt({ zone: 'Asia/Tokyo' }).format(new Date(at('2026-03-14T00:05:00Z')))).toMatchObject({ time: '09:05' });
    expect(fmt({ zone: 'UTC', hour12: true }).format(new Date(at('2026-03-14T00:00:00Z')))).toMatchObject({
      time: '12:00',
      period: 'AM',
    });
  });

  it('shows seconds only when asked', () => {
    const now = new Date(at('2026-03-14T15:09:26Z'));
    expect(fmt({ zone: 'UTC', seconds: true }).format(now).time).toBe('15:09:26');
    expect(fmt({ zone: 'UTC', seconds: true, hour12: true }).format(now).time).toBe('3:09:26');
  });

  it('follows the time zone, including the date line across midnight', () => {
    const now = new Date(at('2026-03-14T03:30:00Z'));
    expect(fmt({ zone: 'UTC' }).format(now)).toMatchObject({ time: '03:30', date: 'Sat Mar 14' });
    expect(fmt({ zone: 'America/Los_Angeles' }).format(now)).toMatchObject({ time: '20:30', date: 'Fri Mar 13' });
    expect(fmt({ zone: 'Asia/Kolkata' }).format(now)).toMatchObject({ time: '09:00' });
  });

  it('jumps from 1:59 to 3:00 on the day daylight saving time starts, and repeats 1:xx when it ends', () => {
    const ny = fmt({ zone: 'America/New_York', hour12: true, seconds: true });
    expect(ny.format(new Date(at('2026-03-08T06:59:59Z'))).time).toBe('1:59:59');
    expect(ny.format(new Date(at('2026-03-08T07:00:00Z'))).time).toBe('3:00:00');
    expect(ny.format(new Date(at('2026-11-01T05:30:00Z'))).time).toBe('1:30:00');
    expect(ny.format(new Date(at('2026-11-01T06:30:00Z'))).time).toBe('1:30:00');
    const berlin = fmt({ zone: 'Europe/Berlin' });
    expect(berlin.format(new Date(at('2026-03-29T00:59:00Z'))).time).toBe('01:59');
    expect(berlin.format(new Date(at('2026-03-29T01:00:00Z'))).time).toBe('03:00');
  });

  it('writes each date format', () => {
    const now = new Date(at('2026-03-14T15:09:26Z'));
    const date = (dateFormat: string) => fmt({ zone: 'UTC', dateFormat }).format(now).date;
    expect(['weekday_month_day', 'month_day', 'day_month', 'iso'].map(date)).toEqual([
      'Sat Mar 14',
      'Mar 14',
      '14 Mar',
      '2026-03-14',
    ]);
  });
});

describe('clock plugin', () => {
  const render = (config: Record<string, unknown>, now: number, host = {}) => {
    const { ctx, logs } = pluginContext({ config, host });
    const frame = new Frame(64, 32);
    const drew = new Clock(ctx).render(frame, frameInfo(frame, now, 'clock'));
    return { frame, drew, logs };
  };

  it('draws the same picture for instants that read the same, and a different one a minute later', () => {
    const a = render({ timezone: 'America/New_York' }, at('2026-03-08T07:00:10Z'));
    const b = render({ timezone: 'America/New_York' }, at('2026-03-08T07:00:50Z'));
    const c = render({ timezone: 'America/New_York' }, at('2026-03-08T07:01:00Z'));
    expect(a.drew).toBe(true);
    expect(litPixels(a.frame)).toBeGreaterThan(50);
    expect(Buffer.compare(a.frame.data, b.frame.data)).toBe(0);
    expect(Buffer.compare(a.frame.data, c.frame.data)).not.toBe(0);
    expect(a.frame.clipped).toBe(0);
  });

  it("uses the device's time zone when none is set, and when the one set is unknown (saying so)", () => {
    const now = at('2026-03-14T15:09:26Z');
    const device = render({}, now, { timezone: 'Asia/Tokyo' });
    const tokyo = render({ timezone: 'Asia/Tokyo' }, now);
    const bad = render({ timezone: 'Mars/Olympus' }, now, { timezone: 'Asia/Tokyo' });
    expect(Buffer.compare(device.frame.data, tokyo.frame.data)).toBe(0);
    expect(Buffer.compare(bad.frame.data, tokyo.frame.data)).toBe(0);
    expect(bad.logs).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: expect.stringContaining('time zone') }),
    );
  });

  it('blinks the colon once a second, asking to be drawn again at each half second', () => {
    const { ctx } = pluginContext({ config: {} });
    const clock = new Clock(ctx);
    const draw = (now: number) => {
      const f = new Frame(64, 32);
      clock.render(f, frameInfo(f, now, 'clock'));
      return f;
    };
    const start = at('2026-03-14T15:09:26Z');
    const lit = draw(start);
    const dark = draw(start + 500);
    expect(Buffer.compare(lit.data, draw(start + 499).data)).toBe(0);
    expect(Buffer.compare(lit.data, dark.data)).not.toBe(0);
    // Only the colon goes out: the digits stay where they were.
    expect(litPixels(lit) - litPixels(dark)).toBeGreaterThan(0);
    expect(litPixels(lit) - litPixels(dark)).toBeLessThan(20);
    expect(Buffer.compare(lit.data, draw(start + 1000).data)).toBe(0);
    expect(clock.nextFrameIn(frameInfo(lit, start + 120, 'clock'))).toBe(380);
    expect(clock.nextFrameIn(frameInfo(lit, start + 700, 'clock'))).toBe(300);
    clock.onConfigChange({ blink_colon: false });
    expect(Buffer.compare(draw(start).data, draw(start + 500).data)).toBe(0);
    expect(clock.nextFrameIn(frameInfo(lit, start + 700, 'clock'))).toBe(60_000 - 26_700);
  });

  it.each([
    ['blinking colon', {}, 240],
    ['seconds', { blink_colon: false, show_seconds: true }, 120],
    ['minutes', { blink_colon: false }, 2],
  ])('asks to be drawn exactly when its picture changes (%s)', (_name, config, frames) => {
    const { ctx } = pluginContext({ config });
    const clock = new Clock(ctx);
    const draw = (now: number) => {
      const f = new Frame(64, 32);
      clock.render(f, frameInfo(f, now, 'clock'));
      return f;
    };
    // Two minutes from a moment that is on no boundary, looked at every 50 ms.
    const start = at('2026-03-14T15:08:59.730Z');
    let shown = draw(start);
    let due = start + clock.nextFrameIn(frameInfo(shown, start, 'clock'));
    let asked = 0;
    for (let t = start + 50; t <= start + 120_000; t += 50) {
      if (t < due) {
        // Between the frames it asked for, the picture it would draw is the one on the panel.
        expect(Buffer.compare(draw(t).data, shown.data), `changed unasked at ${t - start} ms`).toBe(0);
        continue;
      }
      const next = draw(due);
      // Every frame asked for shows something new.
      expect(Buffer.compare(next.data, shown.data), `redrawn unchanged at ${due - start} ms`).not.toBe(0);
      [shown, asked] = [next, asked + 1];
      due += clock.nextFrameIn(frameInfo(next, due, 'clock'));
      t -= 50;
    }
    expect(asked).toBe(frames);
  });

  it('takes new settings without a restart', () => {
    const { ctx } = pluginContext({ config: { time_format: '24h' } });
    const clock = new Clock(ctx);
    const now = at('2026-03-14T15:09:26Z');
    const draw = () => {
      const f = new Frame(64, 32);
      clock.render(f, frameInfo(f, now, 'clock'));
      return f.data;
    };
    const before = draw();
    clock.onConfigChange({ time_format: '12h' });
    expect(Buffer.compare(before, draw())).not.toBe(0);
  });
});
