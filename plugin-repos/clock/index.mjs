/**
 * Clock: the time (12 or 24 hours, seconds optional) and the date, in the configured time zone or
 * the device's, as large as the panel allows. Nothing to fetch, so no update().
 */
import { createClockFormat, isZone } from './lib/time.mjs';

export const DEFAULTS = {
  time_format: '12h',
  show_seconds: false,
  show_date: true,
  date_format: 'weekday_month_day',
  timezone: '',
  time_color: [255, 255, 255],
  date_color: [255, 160, 0],
};

export default class Clock {
  constructor(ctx) {
    this.ctx = ctx;
    this.configure(ctx.config);
  }

  onConfigChange(config) {
    this.configure(config);
  }

  configure(config) {
    this.settings = { ...DEFAULTS, ...config };
    const wanted = this.settings.timezone;
    if (wanted && !isZone(wanted))
      this.ctx.log.warn('unknown time zone, showing the device time', { timezone: wanted });
    const zone = isZone(wanted) ? wanted : this.ctx.host?.timezone || undefined;
    this.format = createClockFormat({
      zone,
      hour12: this.settings.time_format !== '24h',
      seconds: this.settings.show_seconds === true,
      dateFormat: this.settings.date_format,
    }).format;
  }

  /** Drawn again when the text changes: at the next second when seconds show, else the next minute. */
  nextFrameIn(info) {
    const unit = this.settings.show_seconds === true ? 1000 : 60_000;
    return unit - (info.now % unit);
  }

  render(frame, info) {
    const s = this.settings;
    const { time, period, date } = this.format(new Date(info.now));
    const full = period ? `${time} ${period}` : time;
    const lines = [{ text: full, shorter: [time], color: s.time_color, weight: 3 }];
    if (s.show_date) lines.push({ text: date, color: s.date_color, weight: frame.height >= 48 ? 1.5 : 1.2 });
    return frame.stackText(lines);
  }
}
