/**
 * Which recent lines a reader asked for: a lowest level, a process (web, display, plugin hosts),
 * a plugin, and lines after an id (a tail resuming). Used by `GET /api/v3/logs` and its stream.
 */
import type { LogLine, LogRing, LogSource } from '../platform/log-ring.ts';

export const LOG_FILTER_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogFilterLevel = (typeof LOG_FILTER_LEVELS)[number];

export interface LogFilter {
  /** The lowest level shown (default: every level). */
  level?: LogFilterLevel;
  process?: LogSource;
  plugin?: string;
  /** Only lines with a greater id. */
  after?: number;
}

const rank = (level: string) => LOG_FILTER_LEVELS.indexOf(level as LogFilterLevel);

export function matches(line: LogLine, f: LogFilter): boolean {
  if (f.after !== undefined && line.id <= f.after) return false;
  if (f.level && rank(line.level) < rank(f.level)) return false;
  if (f.process && line.source !== f.process) return false;
  if (f.plugin && line.plugin !== f.plugin) return false;
  return true;
}

/** The newest `limit` matching lines, oldest first. */
export function recentLines(ring: Pick<LogRing, 'lines'>, f: LogFilter, limit: number): LogLine[] {
  const out: LogLine[] = [];
  const all = ring.lines();
  for (let i = all.length - 1; i >= 0 && out.length < limit; i--) if (matches(all[i]!, f)) out.push(all[i]!);
  return out.reverse();
}
