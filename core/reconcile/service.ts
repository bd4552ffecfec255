/**
 * The reconciler of the web process, `deps.reconciler`. Runs are started by the start-up (after the
 * server listens), the schedule, a change of registry content, a registry's webhook and the API;
 * never by an ordinary request. At most one run at a time: a request while one runs joins it, except a forced run or
 * a registry change, which queue one follow-up run (the running one may have read the old state).
 */
import type { Deps } from '../deps.ts';
import { REGISTRY_PUSHED } from '../registry/refresh-executor.ts';
import { AppError } from '../platform/errors/app-error.ts';
import { describeError } from '../platform/errors/redact.ts';
import type { FolderCache } from './folder.ts';
import { clearRegistryWaits } from './repairs.ts';
import { runReconcile } from './run.ts';
import { closeInterrupted, latestRun } from './runs.ts';
import { runSummary, type RunSummary } from './summary.ts';
import type { RunOptions } from './types.ts';

export const REGISTRY_CHANGED = 'registry.changed';

export interface Reconciler {
  run(opts: Omit<RunOptions, 'signal'>): Promise<RunSummary>;
  /** The newest finished run, or null before the first. */
  latest(): RunSummary | null;
  running(): boolean;
  /** Reacts to `registry.changed` from now on (start() does this too). */
  listen(): void;
  /** After the server listens: listen, and run once in the background. */
  start(): void;
  /** Resolves once no run is in progress or queued. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function createReconciler(deps: Deps): Reconciler {
  const controller = new AbortController();
  const folders: FolderCache = new Map();
  let current: Promise<RunSummary> | null = null;
  let followUp: { opts: Omit<RunOptions, 'signal'>; promise: Promise<RunSummary> } | null = null;
  let unsubscribe: (() => void) | null = null;
  let closed = false;

  const begin = (opts: Omit<RunOptions, 'signal'>): Promise<RunSummary> => {
    const p = runReconcile(deps, { ...opts, signal: controller.signal }, folders).finally(() => {
      if (current === p) current = null;
    });
    current = p;
    return p;
  };

  const run = (opts: Omit<RunOptions, 'signal'>): Promise<RunSummary> => {
    if (closed) return Promise.reject(new AppError('SERVICE_UNAVAILABLE', { message: 'The reconciler has stopped' }));
    if (!current) return begin(opts);
    if (!opts.force && opts.trigger !== 'registry') return current;
    if (followUp) {
      followUp.opts.force = followUp.opts.force || opts.force;
      return followUp.promise;
    }
    const next = { opts: { ...opts }, promise: null as unknown as Promise<RunSummary> };
    next.promise = current
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        followUp = null;
        return run(next.opts);
      });
    followUp = next;
    return next.promise;
  };

  const background = (opts: Omit<RunOptions, 'signal'>) =>
    run(opts).catch((e) => {
      if (!closed) deps.log.error('reconcile run failed', { trigger: opts.trigger, error: describeError(e) });
    });

  const onRegistryChanged = (data: unknown) => {
    // A webhook's refresh ends with registry.pushed, which runs anyway: one run, not two.
    if ((data as { reason?: string } | null)?.reason === 'webhook') return;
    // Only plugins waiting on the registry gain from a new look; with none, no run is needed.
    if (clearRegistryWaits(deps) > 0) void background({ trigger: 'registry' });
  };

  /** The registry announced a push: whatever the refresh found, every plugin gets a look. */
  const onRegistryPushed = () => {
    clearRegistryWaits(deps);
    void background({ trigger: 'registry' });
  };

  // Created before anything can run: a run still `running` in the table belongs to a stopped process.
  closeInterrupted(deps);
  deps.lifecycle.signal.addEventListener('abort', () => controller.abort(new Error('shutting down')), { once: true });

  return {
    run,
    latest() {
      const row = latestRun(deps);
      return row ? runSummary(row) : null;
    },
    running: () => current !== null,
    listen() {
      unsubscribe ??= deps.events.subscribe((e) => {
        if (e.type === REGISTRY_CHANGED) onRegistryChanged(e.data);
        else if (e.type === REGISTRY_PUSHED) onRegistryPushed();
      });
    },
    start() {
      this.listen();
      void background({ trigger: 'startup' });
    },
    async idle() {
      while (current || followUp) await Promise.allSettled([current, followUp?.promise]);
    },
    async close() {
      closed = true;
      unsubscribe?.();
      controller.abort(new Error('reconciler closing'));
      await this.idle();
    },
  };
}
