/**
 * The schedules declared with the settings (core/platform/settings/schema/background.ts): each
 * firing enqueues one operation (the scheduler keeps no state of its own; overlap is the queue's
 * per-key rule), and the two maintenance kinds only schedules ask for. The registry's and the
 * reconciler's scheduled kinds are their rooms'.
 */
import type { Settings } from '../../hono.config.ts';
import type { Platform } from '../platform/index.ts';
import type { EnqueueRequest, Executor, Queue } from '../queue/types.ts';
import { reconcileRequest } from '../reconcile/requests.ts';
import { GITHUB_ENRICH_KIND, STORE_REVALIDATE_KIND } from '../registry/scheduled.ts';
import { endAfterCleanHour } from '../safe-mode/start.ts';
import { safeModeView } from '../safe-mode/view.ts';
import { EVENT_TYPES } from '../../shared/events.ts';

type ScheduleName = keyof Settings['schedules'];

export const WAL_CHECKPOINT_KIND = 'wal-checkpoint';
export const HISTORY_PRUNE_KIND = 'history-prune';
export const SAFE_MODE_CHECK_KIND = 'safe-mode-check';

const job = (kind: string): EnqueueRequest => ({ kind, key: kind, requestedBy: 'schedule' });

/** Keyed by the same names as `schedules`, so a schedule without an operation does not compile. */
export const SCHEDULED_OPERATIONS: Record<ScheduleName, EnqueueRequest> = {
  walCheckpoint: job(WAL_CHECKPOINT_KIND),
  historyPrune: job(HISTORY_PRUNE_KIND),
  registryRefresh: job(STORE_REVALIDATE_KIND),
  githubEnrich: job(GITHUB_ENRICH_KIND),
  reconcile: reconcileRequest('schedule'),
  safeModeCheck: job(SAFE_MODE_CHECK_KIND),
};

/** Milliseconds and a few rows each: a lane of their own, so an install holding the shared slots never delays them. */
function maintenanceExecutors(
  base: Pick<Platform, 'db' | 'log' | 'clock' | 'events'>,
  queue: Pick<Queue, 'prune'>,
): Executor[] {
  const small = { timeoutMs: 60_000, maxAttempts: 1, concurrency: 1, keepFinished: 10 };
  return [
    {
      ...small,
      kind: WAL_CHECKPOINT_KIND,
      // PASSIVE never blocks the display's readers; the WAL is folded back as far as it can be.
      run: async () => {
        const [r] = base.db.sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<Record<string, number>>;
        return { message: 'Database log folded back', ...r };
      },
    },
    {
      ...small,
      kind: HISTORY_PRUNE_KIND,
      run: async () => {
        const deleted = queue.prune();
        if (deleted) base.log.info('operation history pruned', { deleted });
        return { message: `${deleted} finished operation${deleted === 1 ? '' : 's'} pruned`, deleted };
      },
    },
    {
      ...small,
      kind: SAFE_MODE_CHECK_KIND,
      // Safe mode ends by itself after a clean hour; the check is a query, so every few minutes is cheap.
      run: async () => {
        const ended = endAfterCleanHour({ sqlite: base.db.sqlite, now: base.clock.now, log: base.log });
        if (ended) base.events.publish(EVENT_TYPES.safeModeChanged, safeModeView(base.db.sqlite));
        return { message: ended ? 'Safe mode ended after an hour without a crash' : 'Safe mode unchanged', ended };
      },
    },
  ];
}

/** Registers the maintenance kinds and adds every schedule, each enqueueing its operation when it fires. */
export function registerSchedules(
  env: Pick<Platform, 'scheduler' | 'settings' | 'db' | 'log' | 'clock' | 'events'> & {
    queue: Pick<Queue, 'register' | 'enqueue' | 'prune'>;
  },
): void {
  for (const e of maintenanceExecutors(env, env.queue)) env.queue.register(e);
  for (const [name, req] of Object.entries(SCHEDULED_OPERATIONS) as [ScheduleName, EnqueueRequest][]) {
    env.scheduler.add(name, env.settings.schedules[name], () => {
      const { operation } = env.queue.enqueue(req);
      return { id: operation.id, kind: operation.kind };
    });
  }
}
