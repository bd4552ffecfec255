import type { Deps as RoomDeps } from '../deps.ts';
import type { Settings } from '../../hono.config.ts';
import type { Reconciler } from '../reconcile/service.ts';
import { scheduledGithubEnrich, scheduledRegistryRefresh } from '../registry/scheduled.ts';
import { endAfterCleanHour } from '../safe-mode/start.ts';
import { safeModeView } from '../safe-mode/view.ts';
import { EVENT_TYPES } from '../../shared/events.ts';

type ScheduleName = keyof Settings['schedules'];
type Deps = RoomDeps & { reconciler: Reconciler };

/**
 * The handler run for each schedule declared in `hono.config.ts`: keyed by the same names, so a
 * schedule without a handler does not compile.
 */
export const SCHEDULED_HANDLERS: Record<ScheduleName, (deps: Deps) => unknown | Promise<unknown>> = {
  // PASSIVE never blocks the display's readers; the WAL is folded back as far as it can be.
  walCheckpoint: (deps) => deps.db.sqlite.pragma('wal_checkpoint(PASSIVE)'),
  historyPrune: (deps) => {
    const deleted = deps.queue.prune();
    if (deleted) deps.log.info('operation history pruned', { deleted });
    return deleted;
  },
  registryRefresh: scheduledRegistryRefresh,
  githubEnrich: scheduledGithubEnrich,
  // Joins a run already in progress (start-up, API) instead of starting a second one.
  reconcile: (deps) => deps.reconciler.run({ trigger: 'schedule' }),
  safeModeCheck: (deps) => {
    const ended = endAfterCleanHour({ sqlite: deps.db.sqlite, now: deps.clock.now, log: deps.log });
    if (ended) deps.events.publish(EVENT_TYPES.safeModeChanged, safeModeView(deps.db.sqlite));
    return ended;
  },
};

export function registerSchedules(deps: Deps): void {
  for (const [name, handler] of Object.entries(SCHEDULED_HANDLERS) as [ScheduleName, (d: Deps) => unknown][]) {
    deps.scheduler.add(name, deps.settings.schedules[name], () => handler(deps));
  }
}
