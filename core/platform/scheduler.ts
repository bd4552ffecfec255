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
  /** Wall time of its next firing (null: never again). */
  due: number | null;
  status: Pick<ScheduleStatus, 'lastEnqueuedAt' | 'lastOperation' | 'lastError'>;
}

/**
 * The longest the timer sleeps: a wall clock set forward or back (a board without a real-time
 * clock learning the time from the network) is noticed within this, and the due times worked out again.
 */
const LOOK_AGAIN_MS = 10 * 60_000;
/** Timers may end a little before their time; a schedule due that soon fires now. */
const EARLY_MS = 10;

/**
 * Cron expressions whose firing only enqueues an operation (as graphile-worker's cron does): the
 * work, its overlap (the queue's per-key rule), its retries and its record are the queue's. A
 * firing that cannot enqueue is logged and kept in the schedule's status, never thrown.
 *
 * One timer serves every schedule, set for the earliest due time: the process wakes when a
 * schedule fires (schedules due at the same minute together), not every 30 s per schedule as
 * croner's own timers would.
 */
export function createScheduler(log: Logger, clock: Clock): Scheduler {
  const jobs = new Map<string, Job>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const nextAfter = (job: Job, now: number) => job.cron.nextRun(new Date(now))?.getTime() ?? null;

  function arm() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped) return;
    const dues = [...jobs.values()].map((j) => j.due).filter((d) => d !== null);
    if (!dues.length) return;
    timer = setTimeout(wake, Math.min(LOOK_AGAIN_MS, Math.max(0, Math.min(...dues) - clock.now())));
    timer.unref();
  }

  function wake() {
    const now = clock.now();
    for (const [name, job] of jobs) {
      const due = job.due !== null && job.due <= now + EARLY_MS;
      if (due) fire(name, job);
      // Worked out again each time, so a wall clock set back is followed too.
      job.due = nextAfter(job, due ? Math.max(now, job.due!) : now);
    }
    arm();
  }

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
        cron: new Cron(expr, { paused: true }),
        expr,
        enqueue,
        due: null,
        status: { lastEnqueuedAt: null, lastOperation: null, lastError: null },
      };
      job.due = nextAfter(job, clock.now());
      jobs.set(name, job);
      arm();
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
        nextRunAt: j.due === null ? null : new Date(j.due).toISOString(),
      })),
    stop() {
      stopped = true;
      arm();
    },
  };
}
