import { Cron } from 'croner';
import { describeError } from './errors/redact.ts';
import type { Logger } from './log.ts';

export interface ScheduleStatus {
  name: string;
  cron: string;
  running: boolean;
  lastRunAt: string | null;
  lastDurationMs: number | null;
  lastError: string | null;
  nextRunAt: string | null;
}

export interface Scheduler {
  add(name: string, cron: string, handler: () => unknown | Promise<unknown>): void;
  /** Runs a handler now unless it is already running (same overlap rule as its schedule). */
  runNow(name: string): Promise<boolean>;
  statuses(): ScheduleStatus[];
  stop(): Promise<void>;
}

/**
 * Scheduled handlers: cron expression → function. A handler still running when its next time
 * comes is not started again; its errors are logged and kept in its status, never thrown.
 */
export function createScheduler(log: Logger): Scheduler {
  const jobs = new Map<
    string,
    {
      cron: Cron;
      expr: string;
      run: () => Promise<boolean>;
      status: Omit<ScheduleStatus, 'name' | 'cron' | 'nextRunAt'>;
    }
  >();
  const inflight = new Set<Promise<unknown>>();
  let stopped = false;
  return {
    add(name, expr, handler) {
      if (jobs.has(name)) throw new TypeError(`schedule ${name} added twice`);
      const status = {
        running: false,
        lastRunAt: null as string | null,
        lastDurationMs: null as number | null,
        lastError: null as string | null,
      };
      const run = async () => {
        if (status.running || stopped) return false;
        status.running = true;
        const started = performance.now();
        status.lastRunAt = new Date().toISOString();
        const p = (async () => handler())();
        inflight.add(p);
        try {
          await p;
          status.lastError = null;
        } catch (e) {
          status.lastError = describeError(e);
          log.error('scheduled handler failed', {
            schedule: name,
            error: status.lastError,
            stack: (e as Error)?.stack,
          });
        } finally {
          inflight.delete(p);
          status.running = false;
          status.lastDurationMs = Math.round(performance.now() - started);
        }
        return true;
      };
      const cron = new Cron(expr, { protect: true }, async () => {
        await run();
      });
      jobs.set(name, { cron, expr, run, status });
    },
    runNow: async (name) => {
      const job = jobs.get(name);
      if (!job) throw new TypeError(`no schedule named ${name}`);
      return job.run();
    },
    statuses: () =>
      [...jobs.entries()].map(([name, j]) => ({
        name,
        cron: j.expr,
        ...j.status,
        nextRunAt: j.cron.nextRun()?.toISOString() ?? null,
      })),
    async stop() {
      stopped = true;
      for (const j of jobs.values()) j.cron.stop();
      await Promise.allSettled([...inflight]);
    },
  };
}
