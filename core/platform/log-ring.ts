/**
 * The recent log lines of the web process, of the display and of the plugin hosts, kept in memory
 * only: a bounded ring per source, so a chatty plugin cannot push the display's lines out, and
 * nothing is written to the SD card beyond what journald already keeps. Lines arrive redacted (the
 * logger redacts before it writes) and get one increasing id across sources, so a tail can resume.
 */
import type { LogLevel, LogRecord } from './log.ts';

export const LOG_SOURCES = ['web', 'display', 'plugin'] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export interface LogLine {
  id: number;
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  source: LogSource;
  /** The plugin the line is about or from, if any. */
  plugin: string | null;
  msg: string;
  /** Every other field of the record. */
  fields: Record<string, unknown>;
}

/**
 * Lines another process sends to this one's ring (the display's, over its link). `n` counts that
 * process's lines since it started (`epoch`), so lines sent again after a reconnection are skipped.
 */
export interface LogBatch {
  epoch: string;
  records: Array<{ n: number; record: LogRecord }>;
}

export interface LogRing {
  add(record: LogRecord): LogLine;
  /** Every kept line, oldest first. */
  lines(): LogLine[];
  /** Calls `fn` with each line added, until the returned function is called. */
  subscribe(fn: (line: LogLine) => void): () => void;
  lastId(): number;
}

/** Which process wrote a record: the `proc` field, and plugin hosts' own lines marked `from: plugin`. */
export function sourceOf(record: LogRecord): LogSource {
  if (record.proc !== 'display') return 'web';
  return record.from === 'plugin' ? 'plugin' : 'display';
}

function toLine(id: number, record: LogRecord): LogLine {
  const { time, level, msg, proc: _proc, plugin, ...fields } = record;
  return {
    id,
    time,
    level: level === 'silent' ? 'info' : level,
    source: sourceOf(record),
    plugin: typeof plugin === 'string' ? plugin : null,
    msg,
    fields,
  };
}

export function createLogRing(capacity = 1_000): LogRing {
  const rings = new Map<LogSource, LogLine[]>(LOG_SOURCES.map((s) => [s, []]));
  const watchers = new Set<(line: LogLine) => void>();
  let seq = 0;
  return {
    add(record) {
      const line = toLine(++seq, record);
      const ring = rings.get(line.source)!;
      ring.push(line);
      // Trimmed in steps rather than per line: one splice per 10% of the capacity.
      if (ring.length > capacity * 1.1) ring.splice(0, ring.length - capacity);
      for (const fn of watchers) {
        // Writing a log line must never fail because of someone reading the lines.
        try {
          fn(line);
        } catch {
          watchers.delete(fn);
        }
      }
      return line;
    },
    lines() {
      const all = LOG_SOURCES.flatMap((s) => rings.get(s)!.slice(-capacity));
      return all.sort((a, b) => a.id - b.id);
    },
    subscribe(fn) {
      watchers.add(fn);
      return () => void watchers.delete(fn);
    },
    lastId: () => seq,
  };
}
