/**
 * Each start of the web and display processes and how it ended, in `process_runs`, so crashes are
 * counted across restarts. A run ends `clean` when the process stops in order; one still open when
 * the next start of that process comes is a crash (killed, out of memory, power lost), unless the
 * process recorded its own crash (an uncaught error) or its supervisor recorded the exit it saw.
 * Raw statements: the display process loads no ORM.
 */
import type Database from 'better-sqlite3';
import type { RunOutcome } from '../../db/schema/device.ts';
import type { HeartbeatRow } from '../../db/schema.ts';
import { writeTx } from '../../db/write-tx.ts';
import type { ProcessName } from '../platform/heartbeat.ts';

export const UNRECORDED_CRASH = 'stopped without a clean shutdown (killed, out of memory or power lost)';

export interface ProcessRun {
  id: number;
  process: ProcessName;
  pid: number;
  startedAt: number;
  endedAt: number | null;
  outcome: RunOutcome | null;
  reason: string | null;
}

const COLUMNS = 'id, process, pid, started_at AS startedAt, ended_at AS endedAt, outcome, reason';
const REASON_MAX = 500;

/**
 * Settles the process's open runs as crashes and records this start; returns the new run's id and
 * the runs it found crashed. The last heartbeat of the crashed process tells when it was last alive.
 */
export function beginRun(
  sqlite: Database.Database,
  o: { process: ProcessName; pid: number; now: number; lastBeat?: Pick<HeartbeatRow, 'pid' | 'beatAt'> },
): { runId: number; crashed: ProcessRun[] } {
  // writeTx: it reads the open runs, then writes.
  return writeTx(sqlite, () => {
    const open = sqlite
      .prepare(`SELECT ${COLUMNS} FROM process_runs WHERE process = ? AND outcome IS NULL ORDER BY id`)
      .all(o.process) as ProcessRun[];
    const settle = sqlite.prepare(
      "UPDATE process_runs SET outcome = 'crash', ended_at = ?, reason = coalesce(reason, ?) WHERE id = ?",
    );
    const crashed = open.map((run) => {
      const lastAlive = o.lastBeat?.pid === run.pid ? Math.max(run.startedAt, o.lastBeat.beatAt) : run.startedAt;
      settle.run(lastAlive, UNRECORDED_CRASH, run.id);
      return { ...run, endedAt: lastAlive, outcome: 'crash' as const, reason: run.reason ?? UNRECORDED_CRASH };
    });
    const id = sqlite
      .prepare('INSERT INTO process_runs (process, pid, started_at) VALUES (?, ?, ?)')
      .run(o.process, o.pid, o.now).lastInsertRowid;
    // Old runs are of no use beyond the last few: the table stays small.
    sqlite.prepare('DELETE FROM process_runs WHERE process = ? AND id <= ?').run(o.process, Number(id) - 50);
    return { runId: Number(id), crashed };
  });
}

/** The process stopped in order. */
export function endRun(sqlite: Database.Database, runId: number, now: number): void {
  sqlite
    .prepare("UPDATE process_runs SET outcome = 'clean', ended_at = ? WHERE id = ? AND outcome IS NULL")
    .run(now, runId);
}

/** The process is dying of `reason` (an uncaught error): recorded now, synchronously, while it still can. */
export function endRunCrashed(sqlite: Database.Database, runId: number, now: number, reason: string): void {
  sqlite
    .prepare("UPDATE process_runs SET outcome = 'crash', ended_at = ?, reason = ? WHERE id = ? AND outcome IS NULL")
    .run(now, reason.slice(0, REASON_MAX), runId);
}

/** What a supervisor saw of a child's exit, kept on the child's open run for its next start to report. */
export function noteExit(sqlite: Database.Database, process: ProcessName, reason: string): void {
  sqlite
    .prepare(
      `UPDATE process_runs SET reason = coalesce(reason, ?) WHERE id =
        (SELECT max(id) FROM process_runs WHERE process = ? AND outcome IS NULL)`,
    )
    .run(reason.slice(0, REASON_MAX), process);
}

/** The newest finished runs of a process started after `since`, newest first. */
export function finishedRuns(sqlite: Database.Database, process: ProcessName, since: number, limit: number) {
  return sqlite
    .prepare(
      `SELECT ${COLUMNS} FROM process_runs WHERE process = ? AND outcome IS NOT NULL AND started_at > ?
       ORDER BY id DESC LIMIT ?`,
    )
    .all(process, since, limit) as ProcessRun[];
}
