import { Cron } from 'croner';
import type { Clock } from './clock.ts';
import { describeError } from './errors/redact.ts';
import type { Logger } from './log.ts';

/** The operation a firing enqueued, or joined when an identical one was still pending. */
export interface Enqueued {
  id: string;
  kind: string;
}

export interface ScheduleStatus {
  name: string;
  cron: string;
  /** When it last enqueued its operation. */
  lastEnqueuedAt: string | null;
  lastOperation: Enqueued | null;
  /** Why its last firing could not enqueue (a full queue, a closed database); null once one succeeds. */
  lastError: string | null;
  nextRunAt: string | null;
}

export interface Scheduler {
  /** `enqueue` puts the schedule's operation on the queue and returns it; it must not wait for it to run. */
  add(name: string, cron: string, enqueue: () => Enqueued): void;
  /** Fires a schedule now, as its time would: the operation, or null when it could not be enqueued. */
  fire(name: string): Enqueued | null;
  statuses(): ScheduleStatus[];
  stop(): void;
}

interface Job {
  cron: Cron;
  expr: string;
  enqueue: () => Enqueued;
  status: Pick<ScheduleStatus, 'lastEnqueuedAt' | 'lastOperation' | 'lastError'>;
}

/**
 * Cron expressions whose firing only enqueues an operation (as graphile-worker's cron does): the
 * work, its overlap (the queue's per-key rule), its retries and its record are the queue's. A
 * firing that cannot enqueue is logged and kept in the schedule's status, never thrown.
 */
export function createScheduler(log: Logger, clock: Clock): Scheduler {
  const jobs = new Map<string, Job>();
  let stopped = false;

  function fire(name: string, job: Job): Enqueued | null {
    if (stopped) return null;
    try {
      const op = job.enqueue();
      job.status = { lastEnqueuedAt: new Date(clock.now()).toISOString(), lastOperation: op, lastError: null };
      return op;
    } catch (e) {
      job.status = { ...job.status, lastError: describeError(e) };
      log.error('scheduled operation not enqueued', { schedule: name, error: job.status.lastError });
      return null;
    }
  }

  return {
    add(name, expr, enqueue) {
      if (jobs.has(name)) throw new TypeError(`schedule ${name} added twice`);
      const job: Job = {
        cron: new Cron(expr, () => void fire(name, job)),
        expr,
        enqueue,
        status: { lastEnqueuedAt: null, lastOperation: null, lastError: null },
      };
      jobs.set(name, job);
    },
    fire(name) {
      const job = jobs.get(name);
      if (!job) throw new TypeError(`no schedule named ${name}`);
      return fire(name, job);
    },
    statuses: () =>
      [...jobs.entries()].map(([name, j]) => ({
        name,
        cron: j.expr,
        ...j.status,
        nextRunAt: j.cron.nextRun()?.toISOString() ?? null,
      })),
    stop() {
      stopped = true;
      for (const j of jobs.values()) j.cron.stop();
    },
  };
}
