import { redact, redactValue } from './errors/redact.ts';
import type { Clock } from './clock.ts';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  /** Whether a line at `level` would be written: lets a caller skip building fields nobody reads. */
  enabled(level: LogLevel): boolean;
  child(fields: Record<string, unknown>): Logger;
}

type Sink = (line: string) => void;

/** One log line as written (secrets already redacted): `time`, `level`, `msg`, then its fields. */
export type LogRecord = Record<string, unknown> & { time: string; level: LogLevel; msg: string };

/**
 * Lines written to stdout once per event-loop turn rather than one write each: under load a write
 * per request line costs more than the request itself. Pending lines are flushed on exit.
 */
function stdoutSink(): Sink {
  let pending: string[] = [];
  const flush = () => {
    if (!pending.length) return;
    const chunk = pending.join('\n') + '\n';
    pending = [];
    process.stdout.write(chunk);
  };
  process.once('exit', flush);
  return (line) => {
    if (pending.push(line) === 1) setImmediate(flush);
  };
}

/** Structured JSON lines, one per event, secrets redacted before they are written. */
export function createLogger(opts: {
  level: LogLevel;
  clock: Clock;
  sink?: Sink;
  base?: Record<string, unknown>;
  /** Also receives each line written, as an object (the process's recent-lines ring). */
  tap?: (record: LogRecord) => void;
}): Logger {
  const threshold = LOG_LEVELS.indexOf(opts.level);
  const sink: Sink = opts.sink ?? stdoutSink();
  const base = opts.base ?? {};
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (LOG_LEVELS.indexOf(level) < threshold) return;
    const record: LogRecord = {
      time: new Date(opts.clock.now()).toISOString(),
      level,
      msg: redact(msg),
      ...base,
      ...(fields ? (redactValue(fields) as Record<string, unknown>) : {}),
    };
    sink(JSON.stringify(record));
    opts.tap?.(record);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    enabled: (level) => LOG_LEVELS.indexOf(level) >= threshold,
    child: (fields) => createLogger({ ...opts, sink, base: { ...base, ...fields } }),
  };
}

/** A logger that keeps lines in memory, for tests that assert on what was logged. */
export function memoryLogger(clock: Clock): Logger & { lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ level: 'debug', clock, sink: (l) => lines.push(JSON.parse(l)) });
  return Object.assign(log, { lines });
}
