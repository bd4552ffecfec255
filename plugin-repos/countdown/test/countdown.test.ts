import { describe, expect, it } from 'vitest';
import { Frame } from '../../../core/render/frame.ts';
import { frameInfo, litPixels, pluginContext } from '../../../test/support/plugin-context.ts';
import Countdown from '../index.mjs';
import { nextOccurrence, parseEvent, remainingTexts, zonedInstant } from '../lib/events.mjs';

const at = (iso: string) => Date.parse(iso);

describe('countdown events', () => {
  it('turns a wall-clock time in a zone into the right instant, on either side of a DST change', () => {
    expect(zonedInstant(2026, 1, 1, 0, 0, 'UTC')).toBe(at('2026-01-01T00:00:00Z'));
    expect(zonedInstant(2026, 3, 7, 9, 0, 'America/Chicago')).toBe(at('2026-03-07T15:00:00Z'));
    expect(zonedInstant(2026, 3, 9, 9, 0, 'America/Chicago')).toBe(at('2026-03-09T14:00:00Z'));
    expect(zonedInstant(2026, 7, 1, 12, 30, 'Asia/Kolkata')).toBe(at('2026-07-01T07:00:00Z'));
  });

  it('refuses events without a name or a real date', () => {
    expect(parseEvent({ name: 'x', date: '2028-02-29' })).not.toBeNull();
    expect(parseEvent({ name: 'x', date: '2026-02-30' })).toBeNull();
    expect(parseEvent({ name: '', date: '2026-05-01' })).toBeNull();
    expect(parseEvent({ name: 'x', date: '05/01/2026' })).toBeNull();
    expect(parseEvent({ name: 'x', date: '2026-13-01' })).toBeNull();
    expect(parseEvent({ name: 'x', date: '2026-05-01', time: '25:00' })).toBeNull();
    expect(parseEvent(null)).toBeNull();
  });

  it('keeps a one-off event through its day, then drops it; a yearly one comes back next year', () => {
    const once = parseEvent({ name: 'Launch', date: '2026-03-15', time: '09:00' });
    const yearly = parseEvent({ name: 'Birthday', date: '2020-03-15', time: '09:00', yearly: true });
    const launch = at('2026-03-15T14:00:00Z');
    expect(nextOccurrence(once, launch - 1000, 'America/Chicago')).toBe(launch);
    expect(nextOccurrence(once, launch + 3_600_000, 'America/Chicago')).toBe(launch);
    expect(nextOccurrence(once, launch + 86_400_000 + 1, 'America/Chicago')).toBeNull();
    expect(nextOccurrence(yearly, launch - 1000, 'America/Chicago')).toBe(launch);
    expect(nextOccurrence(yearly, launch + 86_400_000 + 1, 'America/Chicago')).toBe(at('2027-03-15T14:00:00Z'));
    expect(nextOccurrence(yearly, at('2026-12-31T12:00:00Z'), 'America/Chicago')).toBe(at('2027-03-15T14:00:00Z'));
  });

  it('words the time left for the panel', () => {
    const day = 86_400_000;
    expect(remainingTexts(293 * day + 5000, 'Today!')).toEqual(['293 days', '293d']);
    expect(remainingTexts(day + 4 * 3_600_000, 'Today!')).toEqual(['1 day 4h', '1d 4h', '1d']);
    expect(remainingTexts(3 * day, 'Today!')[0]).toBe('3 days 0h');
    expect(remainingTexts(4 * 3_600_000 + 5 * 60_000 + 6000, 'Today!')).toEqual(['04:05:06']);
    expect(remainingTexts(0, 'Now!')).toEqual(['Now!']);
    expect(remainingTexts(-1000, 'Today!')).toEqual(['Today!']);
  });
});

describe('countdown plugin', () => {
  const render = (config: Record<string, unknown>, now: number, elapsedMs = 0) => {
    const { ctx, logs } = pluginContext({ config, host: { timezone: 'America/Chicago' } });
    const frame = new Frame(128, 32);
    const drew = new Countdown(ctx).render(frame, frameInfo(frame, now, 'countdown', elapsedMs));
    return { frame, drew, logs };
  };

  it('has nothing to show once every event is over (the rotation skips it)', () => {
    const r = render({ events: [{ name: 'Gone', date: '2025-01-01' }] }, at('2026-03-14T15:00:00Z'));
    expect(r.drew).toBe(false);
    expect(litPixels(r.frame)).toBe(0);
  });

  it('shows the upcoming events in turn, soonest first', () => {
    const config = {
      events: [
        { name: 'Later', date: '2026-12-01' },
        { name: 'Soon', date: '2026-04-01' },
      ],
      rotate_seconds: 5,
    };
    const now = at('2026-03-14T15:00:00Z');
    const first = render(config, now, 0);
    const second = render(config, now, 5000);
    const soonOnly = render({ ...config, events: [config.events[1]] }, now, 0);
    expect(first.drew && second.drew).toBe(true);
    expect(Buffer.compare(first.frame.data, soonOnly.frame.data)).toBe(0);
    expect(Buffer.compare(first.frame.data, second.frame.data)).not.toBe(0);
  });

  it('says which events it skipped because they were not filled in properly', () => {
    const r = render({ events: [{ name: 'ok', date: '2026-12-01' }, { name: 'bad' }] }, at('2026-03-14T15:00:00Z'));
    expect(r.drew).toBe(true);
    expect(r.logs).toContainEqual(expect.objectContaining({ level: 'warn', fields: { skipped: 1 } }));
  });
});
