/**
 * Countdown: the time left until the next of your events (birthdays, holidays, a launch), several
 * in turn. Yearly events come back every year; a one-off event is shown as "Today!" on its day and
 * then disappears. Nothing upcoming: nothing to show, so the rotation skips it.
 */
import { nextOccurrence, parseEvent, remainingTexts } from './lib/events.mjs';

export const DEFAULTS = {
  events: [{ name: 'New Year', date: '2027-01-01', time: '00:00', yearly: true }],
  timezone: '',
  max_events: 3,
  rotate_seconds: 8,
  today_text: 'Today!',
  show_date: true,
  name_color: [255, 255, 255],
  count_color: [0, 255, 120],
  date_color: [120, 120, 255],
};

function validZone(zone) {
  try {
    return !!zone && !!new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
}

export default class Countdown {
  constructor(ctx) {
    this.ctx = ctx;
    this.onConfigChange(ctx.config);
  }

  onConfigChange(config) {
    const s = (this.settings = { ...DEFAULTS, ...config });
    const list = Array.isArray(s.events) ? s.events : [];
    this.events = list.map(parseEvent).filter(Boolean);
    if (this.events.length < list.length)
      this.ctx.log.warn('events skipped: each needs a name and a date YYYY-MM-DD (time HH:MM)', {
        skipped: list.length - this.events.length,
      });
    if (s.timezone && !validZone(s.timezone)) this.ctx.log.warn('unknown time zone', { timezone: s.timezone });
    this.zone = validZone(s.timezone) ? s.timezone : this.ctx.host?.timezone || 'UTC';
    this.dateFormat = new Intl.DateTimeFormat('en-US', {
      timeZone: this.zone,
      month: 'short',
      day: 'numeric',
      year: 'numeric',
    });
  }

  /** Upcoming events, soonest first, at most `max_events`. */
  upcoming(now) {
    return this.events
      .map((ev) => ({ ev, at: nextOccurrence(ev, now, this.zone) }))
      .filter((x) => x.at !== null)
      .sort((a, b) => a.at - b.at)
      .slice(0, Math.max(1, Number(this.settings.max_events) || 1));
  }

  /**
   * Drawn again when what it shows changes: the next event's turn, and the count's next change
   * (every second under a day, every hour under ten days, else every day).
   */
  nextFrameIn(info) {
    const shown = this.upcoming(info.now);
    if (!shown.length) return 60_000;
    const turn = Math.max(1, Number(this.settings.rotate_seconds) || DEFAULTS.rotate_seconds) * 1000;
    const { at } = shown[Math.floor(info.elapsedMs / turn) % shown.length];
    const left = at - info.now;
    const unit = left < 86_400_000 ? 1000 : left < 10 * 86_400_000 ? 3_600_000 : 86_400_000;
    const tick = left > 0 ? left % unit || unit : 60_000;
    return shown.length > 1 ? Math.min(tick, turn - (info.elapsedMs % turn)) : tick;
  }

  render(frame, info) {
    const s = this.settings;
    const shown = this.upcoming(info.now);
    if (!shown.length) return false;
    const turn = Math.max(1, Number(s.rotate_seconds) || DEFAULTS.rotate_seconds) * 1000;
    const { ev, at } = shown[Math.floor(info.elapsedMs / turn) % shown.length];
    const [count, ...shorter] = remainingTexts(at - info.now, String(s.today_text || DEFAULTS.today_text));
    const lines = [
      { text: ev.name, color: s.name_color, weight: 1 },
      { text: count, shorter, color: s.count_color, weight: 1.4 },
    ];
    if (s.show_date && frame.height >= 48)
      lines.push({ text: this.dateFormat.format(at), color: s.date_color, weight: 0.8 });
    return frame.stackText(lines);
  }
}
