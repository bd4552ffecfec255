/** Settings of the work done in the background: the schedules, the operation queue, the settings history. */
import * as v from 'valibot';
import { cron, int } from './fields.ts';

export const configSettings = v.optional(
  v.object({
    /** Entries of the settings history kept (newest first); each save and rollback makes one. */
    backupsKeep: int(1, 1_000, 10),
  }),
  {},
);

/** Each schedule enqueues one operation (core/app/schedules.ts). */
export const scheduleSettings = v.optional(
  v.object({
    /** Keeps the SQLite write-ahead log short, so a power cut loses little and reads stay fast. */
    walCheckpoint: cron('*/15 * * * *'),
    /** Deletes finished operations beyond the history limits (limits.historyMaxRows / historyMaxDays). */
    historyPrune: cron('7 * * * *'),
    /** Refreshes registry sources whose cache expired (conditional requests: unchanged costs a 304). */
    registryRefresh: cron('*/5 * * * *'),
    /** Fetches GitHub facts (stars, last commit) for registry entries whose facts expired. */
    githubEnrich: cron('17 * * * *'),
    /** Brings plugins on disk, plugin_state and config in line; repairs wait their own backoff. */
    reconcile: cron('*/5 * * * *'),
    /** Ends safe mode once the processes have run an hour without crashing. */
    safeModeCheck: cron('*/5 * * * *'),
  }),
  {},
);

export const queueSettings = v.optional(
  v.object({
    /** How long a claimed operation stays owned without renewal; a dead process's work is resumed after it. */
    leaseMs: int(1_000, 600_000, 30_000),
    /**
     * While retries or another runner's leases are pending, the runner sleeps until the earliest
     * comes due, looking again at least this often; with nothing pending it sleeps until woken.
     */
    pollMs: int(20, 600_000, 5_000),
    /** How long a request that enqueues waits for the result before answering 202. */
    waitMs: int(0, 60_000, 5_000),
    /** Recent events kept for `GET /api/v3/events` clients resuming with Last-Event-ID. */
    eventBuffer: int(10, 100_000, 1_000),
  }),
  {},
);
