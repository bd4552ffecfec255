/**
 * Wall-clock text in a time zone, with Intl formatters built once per setting (building one costs
 * far more than formatting with it, and a clock formats several times a second).
 */

export const DATE_FORMATS = ['weekday_month_day', 'month_day', 'day_month', 'iso'];

/** Whether `zone` is an IANA time zone name this runtime knows. */
export function isZone(zone) {
  if (typeof zone !== 'string' || !zone) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function partsOf(formatter, now) {
  const out = {};
  for (const p of formatter.formatToParts(now)) out[p.type] = p.value;
  return out;
}

/** A formatter of time and date for one zone and style: `format(now)` → `{ time, date }`. */
export function createClockFormat({ zone, hour12, seconds, dateFormat }) {
  const timeFmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hour: hour12 ? 'numeric' : '2-digit',
    minute: '2-digit',
    second: seconds ? '2-digit' : undefined,
    hourCycle: hour12 ? 'h12' : 'h23',
  });
  const dateFmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  });
  const numeric = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return {
    format(now) {
      const t = partsOf(timeFmt, now);
      const clock = [t.hour, t.minute, seconds ? t.second : null].filter(Boolean).join(':');
      return { time: clock, period: hour12 ? (t.dayPeriod ?? '').toUpperCase() : '', date: dateText(now) };
    },
  };

  function dateText(now) {
    if (dateFormat === 'iso') {
      const n = partsOf(numeric, now);
      return `${n.year}-${n.month}-${n.day}`;
    }
    const d = partsOf(dateFmt, now);
    if (dateFormat === 'month_day') return `${d.month} ${d.day}`;
    if (dateFormat === 'day_month') return `${d.day} ${d.month}`;
    return `${d.weekday} ${d.month} ${d.day}`;
  }
}
