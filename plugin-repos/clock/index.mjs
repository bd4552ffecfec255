/**
 * Clock: the time (12 or 24 hours, seconds optional) and the date, in the configured time zone or
 * the device's, as large as the panel allows. Nothing to fetch, so no update().
 */
import { createClockFormat, isZone } from './lib/time.mjs';

export const DEFAULTS = {
  time_format: '12h',
  show_seconds: false,
  blink_colon: true,
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

  /**
   * Drawn again when the picture changes: at the next half second while the colon blinks, else at
   * the next second when seconds show, else the next minute.
   */
  nextFrameIn(info) {
    const unit = this.settings.blink_colon !== false ? 500 : this.settings.show_seconds === true ? 1000 : 60_000;
    return unit - (info.now % unit);
  }

  render(frame, info) {
    const s = this.settings;
    const shown = this.format(new Date(info.now));
    const { period, date } = shown;
    // Lit for the first half of each second. A space keeps the layout: every font is fixed-width.
    const colonOff = s.blink_colon !== false && info.now % 1000 >= 500;
    const time = colonOff ? shown.time.replaceAll(':', ' ') : shown.time;
    const full = period ? `${time} ${period}` : time;
    const lines = [{ text: full, shorter: [time], color: s.time_color, weight: 3 }];
    if (s.show_date) lines.push({ text: date, color: s.date_color, weight: frame.height >= 48 ? 1.5 : 1.2 });
    return frame.stackText(lines);
  }
}
