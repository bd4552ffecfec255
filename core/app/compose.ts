/**
 * The web process's services, built in one pass over the platform base, each after the services it
 * names. `startWebProcess` and the tests build the process with this function, so what the tests
 * exercise is what runs. Nothing starts here, and no loop is added: the process adds its own
 * (`queueRunner` among them), and tests add the queue's without starting it.
 */
import { EVENT_TYPES } from '../../shared/events.ts';
import { createAuth } from '../auth/service.ts';
import { configureExecutor } from '../config/executor.ts';
import { createConfigService } from '../config/service.ts';
import { createDisplayLink } from '../display/web/link.ts';
import { currentScreen, displayService } from '../display/web/screen.ts';
import { settleRestores } from '../backup/recover.ts';
import { restoreExecutor } from '../backup/restore.ts';
import { createBackupService } from '../backup/service.ts';
import { systemActionExecutor } from '../device/action-ops.ts';
import { createDeviceStatus } from '../device/status.ts';
import { createHealth } from '../health/checks.ts';
import { createLogIntake } from '../logs/forward.ts';
import type { Services } from '../http/services.ts';
import type { Platform } from '../platform/index.ts';
import type { FreshLookup } from '../plugins/ops/common.ts';
import { registerLifecycleExecutors, type LifecycleHooks } from '../plugins/ops/index.ts';
import { createPluginOps } from '../plugins/ops/requests.ts';
import { createRuntimeSupport } from '../plugins/runtimes.ts';
import { createEnabledFlags } from '../plugins/state/enabled-sync.ts';
import { createInstalledListCache } from '../plugins/state/installed-cache.ts';
import { createQueue, type Executor, type Queue } from '../queue/index.ts';
import { createReconciler } from '../reconcile/service.ts';
import { createHostPlatform, type HostPlatform } from '../hosts/platform.ts';
import { previewsRoot } from '../previews/cache.ts';
import { previewExecutor } from '../previews/executor.ts';
import { createPreviews } from '../previews/service.ts';
import { lookupFresh } from '../registry/fresh.ts';
import { panelNotices } from './panel-notices.ts';
import { storeRefreshExecutor } from '../registry/refresh-executor.ts';
import { githubEnrichExecutor, storeRevalidateExecutor } from '../registry/scheduled.ts';
import { createStoreListCache } from '../registry/list-cache.ts';
import { createRegistry } from '../registry/service.ts';

export interface WebServiceOptions {
  /** Whether this process supervises the display process (health reports it). */
  supervisesDisplay: boolean;
  /**
   * Registers the plugin lifecycle kinds (install, update, uninstall, toggle); default true. Tests
   * of the queue itself leave them out and register executors of their own under those kinds.
   */
  lifecycleExecutors?: boolean;
  /** Hooks into the lifecycle executors (crash tests stop the process at a named step). */
  lifecycleHooks?: LifecycleHooks;
  /** Further operation kinds (tests and benchmarks add no-op and marker-file kinds). */
  extraExecutors?: Executor[];
  /** The queue's retry jitter source (tests: `() => 0`, the backoff table's exact delays). */
  random?: () => number;
  /** Named points of a backup restore's swap (crash tests stop the process at one). */
  restoreSteps?: (step: string) => void;
}

/** Builds every service of the web process and registers its operation kinds. Loops are the caller's. */
export function composeWebServices(base: Platform, opts: WebServiceOptions): Services {
  // A restore a crash interrupted is finished or undone before the config store reads its files.
  settleRestores({ sqlite: base.db.sqlite, dataDir: base.settings.dataDir, log: base.log });
  // Opened before the server listens: an interrupted save is finished and missing files created first.
  const config = createConfigService(base);
  // Whether this machine runs Python plugins: the store shows it, installs check it.
  const runtimes = createRuntimeSupport(base);
  const registry = createRegistry(base, { runtimes });
  const queue = createQueue(base, { random: opts.random });
  // The registry's work is queued (refreshes are operations) and reads the GitHub token from config.
  const store = { ...base, registry, queue, config };
  // Registers its run and repair kinds on the queue.
  const reconciler = createReconciler(base, { queue, config, registry });
  const lookup: FreshLookup = (id, o) => lookupFresh(store, id, o);
  const pluginOps = createPluginOps(base, { queue, lookup });
  const pluginList = createInstalledListCache(base, { registry });
  // Follows config's enabled flags from when the plugins are settled (core/app/web.ts).
  const enabledFlags = createEnabledFlags({ ...base, config });
  const storeList = createStoreListCache({ ...base, registry, queue });
  const display = createDisplayLink(base.log, { onLogs: createLogIntake(base.logs.add) });
  const health = createHealth(base, { config, supervisesDisplay: opts.supervisesDisplay });
  const backups = createBackupService(base, { config, queue });
  // Store previews: drawn in this process's own plugin hosts, confined as the display's (see core/previews/README.md).
  let hosts: Promise<HostPlatform> | null = null;
  const { hostUid: uid, hostGid: gid } = base.settings.plugins;
  const previewDeps = {
    ...base,
    registry,
    root: previewsRoot(base.settings.dataDir),
    hosts: () => (hosts ??= createHostPlatform({ hostUser: { uid, gid } })),
  };
  const previews = createPreviews({ ...previewDeps, queue, mainConfig: () => config.state().main });
  const device = createDeviceStatus({ ...base, displayActive: () => displayService({ ...base, display }).active });
  const auth = createAuth(base, { notices: panelNotices(base) });

  for (const e of [storeRefreshExecutor, storeRevalidateExecutor, githubEnrichExecutor]) queue.register(e(store));
  queue.register(configureExecutor(config));
  queue.register(previewExecutor(previewDeps));
  if (base.settings.registry.previewsInBackground) previews.follow();
  queue.register(systemActionExecutor(base));
  queue.register(
    restoreExecutor({ ...base, config, queue, afterCommit: () => registry.load(), onStep: opts.restoreSteps }),
  );
  if (opts.lifecycleExecutors ?? true)
    registerLifecycleExecutors(queue, { ...base, config, lookup, runtimes, enabledFlags }, opts.lifecycleHooks);
  for (const e of opts.extraExecutors ?? []) queue.register(e);

  // Screen changes reach the browser on the event stream, so the Overview follows them without polling.
  display.watchStatus(() => base.events.publish(EVENT_TYPES.displayChanged, currentScreen({ ...base, display })));
  // Read before listening, so the first browse after a restart is answered from the cache.
  registry.load();
  return {
    ...base,
    config,
    queue,
    registry,
    storeList,
    runtimes,
    reconciler,
    pluginOps,
    pluginList,
    enabledFlags,
    display,
    health,
    device,
    backups,
    previews,
    auth,
    supervisesDisplay: opts.supervisesDisplay,
  };
}

/** The queue's runner, as the options of the guarded task that keeps it running. */
export const queueRunner = (queue: Pick<Queue, 'run'>) => ({
  name: 'queue',
  run: (signal: AbortSignal) => queue.run(signal),
});

/**
 * Stops what the composition built and the base beneath it, in order; the caller closes the event
 * stream first (so open streams end) and the HTTP server.
 */
export function closeSteps(s: Services): Array<() => unknown> {
  return [
    () => s.reconciler.close(),
    () => s.scheduler.stop(),
    () => s.tasks.stopAll(),
    // Before the database closes: the last uses of sessions and tokens not yet recorded.
    () => s.auth.close(),
    () => s.http.close(),
    () => s.db.close(),
  ];
}
