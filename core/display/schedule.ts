/**
 * The on/off schedule and the dim schedule (config `schedule`, `dim_schedule`), evaluated in the
 * configured timezone. Pure: the caller passes the instant.
 *
 * Rules: a missing section or `enabled: false` means no schedule (always on, never dimmed); a
 * missing `enabled` counts as enabled. Times are "HH:MM" and both boundaries are inclusive (the
 * end minute is still inside). start > end crosses midnight: the window belongs to the day it
 * starts on and runs into the next morning. start == end means the whole day. Per-day mode
 * (`per-day` or `per_day`, or `days` present without `mode` for the on/off schedule) uses
 * `days.<weekday>`; a day set `enabled: false` has no window, a day absent uses the global times.
 * An unreadable time means the schedule is ignored (on, not dimmed); an unknown timezone is UTC.
 */

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DayWindow {
  enabled?: boolean;
  start_time?: string;
  end_time?: string;
}

export interface ScheduleConfig extends DayWindow {
  mode?: string;
  days?: Partial<Record<Weekday, DayWindow>>;
}

export interface DimScheduleConfig extends ScheduleConfig {
  dim_brightness?: number;
}

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

const SHORT_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Weekday and minute of `now` in `timeZone` (UTC when the zone is unknown). */
export function localTime(now: number, timeZone: string | undefined): LocalTime {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone || 'UTC',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  } catch {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: 'UTC',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
  }
  const parts = Object.fromEntries(fmt.formatToParts(now).map((p) => [p.type, p.value]));
  return { weekday: SHORT_DAYS.indexOf(parts.weekday!), minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** "HH:MM" → minutes, or null when unreadable. */
export function parseTime(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [h, min] = [Number(m[1]), Number(m[2])];
  return h < 24 && min < 60 ? h * 60 + min : null;
}

type Window = { start: number; end: number } | 'none' | 'invalid';

function windowFor(cfg: ScheduleConfig, weekday: number, perDay: boolean): Window {
  const day = perDay ? cfg.days?.[WEEKDAYS[weekday]!] : undefined;
  if (day && day.enabled === false) return 'none';
  const start = parseTime(day?.start_time ?? cfg.start_time);
  const end = parseTime(day?.end_time ?? cfg.end_time);
  return start === null || end === null ? 'invalid' : { start, end };
}

/** Whether `t` falls inside today's window or the overnight tail of yesterday's. Null: today's is unreadable. */
export function inWindow(cfg: ScheduleConfig, t: LocalTime, perDay: boolean): boolean | null {
  const today = windowFor(cfg, t.weekday, perDay);
  const yesterday = windowFor(cfg, (t.weekday + 6) % 7, perDay);
  if (today === 'invalid') return null;
  if (today !== 'none') {
    const { start, end } = today;
    if (start === end) return true;
    if (start < end ? t.minutes >= start && t.minutes <= end : t.minutes >= start) return true;
  }
  return typeof yesterday === 'object' && yesterday.start > yesterday.end && t.minutes <= yesterday.end;
}

const isPerDay = (mode: unknown) => mode === 'per-day' || mode === 'per_day';

/** Whether the panel should be on at `now`. */
export function isDisplayOn(cfg: ScheduleConfig | undefined, now: number, timeZone?: string): boolean {
  if (!cfg || typeof cfg !== 'object' || cfg.enabled === false) return true;
  const perDay = cfg.mode === undefined ? !!cfg.days && Object.keys(cfg.days).length > 0 : isPerDay(cfg.mode);
  return inWindow(cfg, localTime(now, timeZone), perDay) ?? true;
}

/** The brightness (0–100) at `now`: the dim level inside the dim window, else `normal`. */
export function targetBrightness(
  dim: DimScheduleConfig | undefined,
  now: number,
  timeZone: string | undefined,
  normal: number,
): number {
  if (!dim || typeof dim !== 'object' || dim.enabled === false) return normal;
  const inside = inWindow(dim, localTime(now, timeZone), isPerDay(dim.mode));
  if (!inside) return normal;
  const level = Number(dim.dim_brightness ?? 30);
  return Number.isFinite(level) ? Math.min(100, Math.max(0, Math.round(level))) : normal;
}
