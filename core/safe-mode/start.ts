/**
 * What each process does with its runs: at start, settle the previous run (a crash if it never
 * stopped in order), decide whether the crashes make a loop, and enter safe mode if so; at a clean
 * stop, say so; when dying of an uncaught error, record it as the crash's reason.
 */
import type Database from 'better-sqlite3';
import { describeError } from '../platform/errors/redact.ts';
import { readHeartbeat, type ProcessName } from '../platform/heartbeat.ts';
import type { Logger } from '../platform/log.ts';
import { beginRun, endRun, endRunCrashed, finishedRuns, type ProcessRun } from './runs.ts';
import { cleanHourPassed, crashedInSafeMode, enterSafeMode, leaveSafeMode, readSafeMode } from './state.ts';

/** A crash counts toward a loop when it came this soon after its start. */
export const EARLY_CRASH_MS = 5 * 60_000;
/** Early crashes in a row that make a loop. */
export const CRASH_LOOP = 3;

interface StartDeps {
  sqlite: Database.Database;
  now: () => number;
  log: Logger;
}

const early = (r: ProcessRun) => r.outcome === 'crash' && (r.endedAt ?? r.startedAt) - r.startedAt < EARLY_CRASH_MS;

/** The last CRASH_LOOP runs since safe mode was last left, when every one crashed early. */
export function crashLoop(sqlite: Database.Database, process: ProcessName, since: number): ProcessRun[] | null {
  const runs = finishedRuns(sqlite, process, since, CRASH_LOOP);
  return runs.length === CRASH_LOOP && runs.every(early) ? runs : null;
}

function decide(deps: StartDeps, process: ProcessName, crashed: ProcessRun[]): void {
  const { sqlite, log } = deps;
  const now = deps.now();
  const state = readSafeMode(sqlite);
  if (state.active) {
    if (crashed.length) crashedInSafeMode(sqlite, now);
    else endAfterCleanHour(deps);
    return;
  }
  const loop = crashLoop(sqlite, process, state.leftAt ?? 0);
  if (!loop) return;
  const reason = loop[0]!.reason ?? 'unknown';
  enterSafeMode(sqlite, { process, reason, now });
  log.warn('safe mode: third-party plugins are paused after repeated crashes', {
    process,
    crashes: loop.length,
    reason,
  });
}

/** Ends safe mode when an hour passed without a crash (the `safeModeCheck` schedule); true when it ended. */
export function endAfterCleanHour(deps: StartDeps): boolean {
  const now = deps.now();
  if (!cleanHourPassed(readSafeMode(deps.sqlite), now) || !leaveSafeMode(deps.sqlite, now, 'clean-hour')) return false;
  deps.log.info('safe mode ended: an hour without a crash');
  return true;
}

export interface RunRecord {
  runId: number;
  /** Runs of this process found crashed at this start. */
  crashed: ProcessRun[];
  /** The process stopped in order. */
  stopped(): void;
  /** The process is dying of this error (from an `uncaughtExceptionMonitor` listener). */
  dying(error: unknown): void;
}

/** Records this start of `process` and settles safe mode; call it right after the database opens. */
export function recordStart(deps: StartDeps, process: ProcessName): RunRecord {
  const { sqlite, log } = deps;
  const lastBeat = readHeartbeat(sqlite, process);
  const { runId, crashed } = beginRun(sqlite, { process, pid: globalThis.process.pid, now: deps.now(), lastBeat });
  for (const run of crashed)
    log.warn('the previous run crashed', {
      process,
      started_at: new Date(run.startedAt).toISOString(),
      reason: run.reason,
    });
  decide(deps, process, crashed);
  return {
    runId,
    crashed,
    stopped: () => endRun(sqlite, runId, deps.now()),
    dying: (error) => endRunCrashed(sqlite, runId, deps.now(), describeError(error)),
  };
}
