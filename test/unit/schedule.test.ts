import { describe, expect, it } from 'vitest';
import { isDisplayOn, localTime, targetBrightness, type ScheduleConfig } from '../../core/display/schedule.ts';

// 2026-01-05 is a Monday.
const at = (day: number, hhmm: string, zoneOffsetH = 0) => {
  const [h, m] = hhmm.split(':').map(Number);
  return Date.UTC(2026, 0, 5 + day, h! - zoneOffsetH, m!);
};

describe('localTime', () => {
  it.each([
    ['UTC', at(0, '12:00'), 0, 720],
    ['America/New_York', at(0, '12:00'), 0, 7 * 60], // EST, UTC-5
    ['Asia/Tokyo', at(0, '20:00'), 1, 5 * 60], // next day 05:00
    ['Not/AZone', at(0, '12:00'), 0, 720], // unknown: UTC
  ])('%s', (zone, now, weekday, minutes) => {
    expect(localTime(now, zone)).toEqual({ weekday, minutes });
  });
});

describe('on/off schedule', () => {
  const global: ScheduleConfig = { enabled: true, mode: 'global', start_time: '07:00', end_time: '22:00' };
  const overnight: ScheduleConfig = { enabled: true, start_time: '22:00', end_time: '06:00' };
  const perDay: ScheduleConfig = {
    enabled: true,
    mode: 'per-day',
    start_time: '08:00',
    end_time: '20:00',
    days: {
      monday: { enabled: true, start_time: '22:00', end_time: '02:00' },
      tuesday: { enabled: false },
      saturday: { start_time: '10:00', end_time: '23:59' },
    },
  };
  it.each<[string, ScheduleConfig | undefined, number, boolean]>([
    ['no section: on', undefined, at(0, '03:00'), true],
    ['disabled: on', { ...global, enabled: false }, at(0, '03:00'), true],
    ['missing enabled counts as enabled', { start_time: '07:00', end_time: '22:00' }, at(0, '03:00'), false],
    ['before start', global, at(0, '06:59'), false],
    ['start boundary is inside', global, at(0, '07:00'), true],
    ['end minute is inside', global, at(0, '22:00'), true],
    ['after end', global, at(0, '22:01'), false],
    ['overnight: evening', overnight, at(0, '23:30'), true],
    ['overnight: after midnight', overnight, at(1, '05:59'), true],
    ['overnight: end boundary', overnight, at(1, '06:00'), true],
    ['overnight: midday off', overnight, at(1, '12:00'), false],
    ['start == end: whole day', { start_time: '09:00', end_time: '09:00' }, at(0, '03:00'), true],
    ['unreadable time: on', { start_time: '25:00', end_time: '06:00' }, at(0, '12:00'), true],
    ['per-day: monday night window', perDay, at(0, '23:00'), true],
    ['per-day: monday window runs into tuesday morning', perDay, at(1, '01:30'), true],
    ['per-day: tuesday is off after the tail', perDay, at(1, '12:00'), false],
    ['per-day: wednesday uses the global times', perDay, at(2, '08:00'), true],
    ['per-day: wednesday before the global start', perDay, at(2, '07:59'), false],
    ['per-day: saturday own times', perDay, at(5, '09:59'), false],
    ['per-day: saturday own times, inside', perDay, at(5, '23:59'), true],
    ['days without mode means per-day', { enabled: true, days: { monday: { enabled: false } } }, at(0, '12:00'), false],
    ['explicit global ignores stray days', { ...global, days: { monday: { enabled: false } } }, at(0, '12:00'), true],
  ])('%s', (_name, cfg, now, on) => {
    expect(isDisplayOn(cfg, now, 'UTC')).toBe(on);
  });

  it('is evaluated in the configured timezone', () => {
    // 03:00 UTC is 22:00 the previous evening in New York (EST).
    expect(isDisplayOn(global, at(0, '03:00'), 'America/New_York')).toBe(true);
    expect(isDisplayOn(global, at(0, '03:00'), 'UTC')).toBe(false);
  });

  it('follows the local clock across a DST change (New York, 2026-03-08)', () => {
    const cfg = { start_time: '07:00', end_time: '22:00' };
    expect(isDisplayOn(cfg, Date.UTC(2026, 2, 8, 11, 30), 'America/New_York')).toBe(true); // 07:30 EDT
    expect(isDisplayOn(cfg, Date.UTC(2026, 2, 7, 11, 30), 'America/New_York')).toBe(false); // 06:30 EST
  });
});

describe('dim schedule', () => {
  const dim = { enabled: true, start_time: '20:00', end_time: '07:00', dim_brightness: 25 };
  it.each<[string, object | undefined, number, number]>([
    ['no section: normal', undefined, at(0, '23:00'), 80],
    ['inside: dim level', dim, at(0, '23:00'), 25],
    ['boundary start', dim, at(0, '20:00'), 25],
    ['boundary end', dim, at(1, '07:00'), 25],
    ['outside: normal', dim, at(1, '07:01'), 80],
    ['default dim level 30', { start_time: '20:00', end_time: '07:00' }, at(0, '21:00'), 30],
    ['disabled', { ...dim, enabled: false }, at(0, '23:00'), 80],
    ['per-day only when mode says so', { ...dim, days: { monday: { enabled: false } } }, at(0, '23:00'), 25],
    ['per-day mode', { ...dim, mode: 'per_day', days: { monday: { enabled: false } } }, at(0, '23:00'), 80],
  ])('%s', (_name, cfg, now, level) => {
    expect(targetBrightness(cfg, now, 'UTC', 80)).toBe(level);
  });
});
