/**
 * Countdown events: a date and time in a time zone, once or every year, turned into instants and
 * into what the panel says ("293 days", "1d 4h", "04:05:06", "Today!").
 */

const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{1,2}):(\d{2})$/;

/** One formatter per zone: building one costs far more than using it, and every frame needs a few. */
const formatters = new Map();

function formatterFor(zone) {
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, fmt);
  }
  return fmt;
}

/** Milliseconds `zone` is ahead of UTC at `instant`. */
export function zoneOffset(instant, zone) {
  const parts = {};
  for (const p of formatterFor(zone).formatToParts(instant)) parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time happens in `zone` (the later reading when a DST change repeats it). */
export function zonedInstant(year, month, day, hour, minute, zone) {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall - zoneOffset(wall, zone);
  guess = wall - zoneOffset(guess, zone);
  return guess;
}

/** An event's settings checked: `{ name, year, month, day, hour, minute, yearly }` or null. */
export function parseEvent(e) {
  if (!e || typeof e !== 'object') return null;
  const d = DATE.exec(String(e.date ?? ''));
  const t = TIME.exec(String(e.time || '00:00'));
  const name = String(e.name ?? '').trim();
  if (!d || !t || !name) return null;
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number);
  if (month < 1 || month > 12 || hour > 23 || minute > 59) return null;
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return { name, year, month, day, hour, minute, yearly: e.yearly === true };
}

/**
 * When an event is next due, seen from `now`: the instant of its next occurrence that is not more
 * than a day past (the "Today!" day), or null for a one-off event that is over.
 */
export function nextOccurrence(ev, now, zone) {
  const at = (year) => zonedInstant(year, ev.month, ev.day, ev.hour, ev.minute, zone);
  if (!ev.yearly) {
    const t = at(ev.year);
    return t > now - DAY ? t : null;
  }
  const thisYear = new Date(now + zoneOffset(now, zone)).getUTCFullYear();
  for (const year of [thisYear - 1, thisYear, thisYear + 1]) {
    const t = at(year);
    if (t > now - DAY) return t;
  }
  return null;
}

const two = (n) => String(n).padStart(2, '0');

/** What the panel says for the time left, longest wording first. */
export function remainingTexts(ms, todayText) {
  if (ms <= 0) return [todayText];
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  if (days >= 10) return [`${days} days`, `${days}d`];
  if (days >= 1) return [`${days} day${days > 1 ? 's' : ''} ${hours}h`, `${days}d ${hours}h`, `${days}d`];
  return [`${two(hours)}:${two(minutes)}:${two(seconds)}`];
}
