import type Database from 'better-sqlite3';
import type { HeartbeatRow } from '../../db/schema.ts';
import type { Clock } from './clock.ts';
import { abortableDelay } from './delay.ts';

export type ProcessName = 'web' | 'display';

// Raw statements: the display process reads and writes heartbeats without loading the ORM.
const UPSERT = `INSERT INTO heartbeats (process, pid, started_at, beat_at, info) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT(process) DO UPDATE SET pid = excluded.pid, started_at = excluded.started_at, beat_at = excluded.beat_at, info = excluded.info`;
const SELECT =
  'SELECT process, pid, started_at AS startedAt, beat_at AS beatAt, info FROM heartbeats WHERE process = ?';

export function writeHeartbeat(
  sqlite: Database.Database,
  clock: Clock,
  name: ProcessName,
  startedAt: number,
  info: Record<string, unknown> = {},
): void {
  sqlite.prepare(UPSERT).run(name, process.pid, startedAt, clock.now(), JSON.stringify(info));
}

export function readHeartbeat(sqlite: Database.Database, name: ProcessName): HeartbeatRow | undefined {
  const row = sqlite.prepare(SELECT).get(name) as (Omit<HeartbeatRow, 'info'> & { info: string }) | undefined;
  return row && { ...row, info: JSON.parse(row.info) as Record<string, unknown> };
}

/**
 * The heartbeat loop: a low-rate write proving the process is alive and its database writable.
 * Low rate on purpose: an SD card wears with every write.
 */
export function heartbeatLoop(opts: {
  sqlite: Database.Database;
  clock: Clock;
  name: ProcessName;
  intervalMs: number;
  info?: () => Record<string, unknown>;
  /** Runs after each beat, in the same wake-up (the WAL checkpointer looks then). */
  after?: () => void;
}) {
  const startedAt = opts.clock.now();
  return async (signal: AbortSignal) => {
    while (!signal.aborted) {
      writeHeartbeat(opts.sqlite, opts.clock, opts.name, startedAt, opts.info?.() ?? {});
      opts.after?.();
      await abortableDelay(opts.intervalMs, signal);
    }
  };
}
