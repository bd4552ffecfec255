import path from 'node:path';
import { loadSettings, type Settings } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import type { Deps } from '../../core/deps.ts';
import { configureExecutor } from '../../core/config/executor.ts';
import { createConfigService } from '../../core/config/service.ts';
import { createApp } from '../../core/http/app.ts';
import { createHealth } from '../../core/health/checks.ts';
import { createEvents } from '../../core/platform/events.ts';
import { createQueue } from '../../core/queue/index.ts';
import { createGuardedTask } from '../../core/platform/tasks/guarded.ts';
import { createDisplayLink } from '../../core/display/web/link.ts';
import { loadRouteTable } from '../../core/http/file-routes.ts';
import { createInstalledListCache } from '../../core/plugins/state/installed-cache.ts';
import { registryFacts } from '../../core/plugins/state/registry-facts.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { createLifecycle } from '../../core/platform/lifecycle.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { createScheduler } from '../../core/platform/scheduler.ts';
import { createTaskRegistry } from '../../core/platform/tasks/registry.ts';
import { outboundOptions, ROUTES_DIR } from '../../core/app/web.ts';
import { createHttpClient } from '../../core/platform/net/http-client.ts';
import { storeRefreshExecutor } from '../../core/registry/refresh-executor.ts';
import { githubEnrichExecutor, storeRevalidateExecutor } from '../../core/registry/scheduled.ts';
import { createRegistry } from '../../core/registry/service.ts';
import { createReconciler } from '../../core/reconcile/service.ts';
import { runInBackground, stopBackground } from './queue.ts';
import { tempDir } from './temp.ts';
import { afterEach } from 'vitest';

const opened: Deps[] = [];

export type TestDeps = Deps & { clock: ReturnType<typeof manualClock>; log: ReturnType<typeof memoryLogger> };

/**
 * Real dependencies on a fresh temp folder (SQLite file, config dir), a manual clock and an
 * in-memory log. Operations wait for the test's `runOnce()`, except those of the `background`
 * kinds, run as soon as they are queued (`['store-refresh']`: as in the web process, where
 * registry refreshes have slots of their own).
 */
export function testDeps(
  overrides: Record<string, unknown> = {},
  opts: { background?: readonly string[] } = {},
): TestDeps {
  const root = tempDir();
  const settings: Settings = loadSettings(
    {},
    {
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugin-repos'),
      'registry.builtinDir': path.join(root, 'builtin-plugins'),
      logLevel: 'debug',
      ...overrides,
    },
  );
  const clock = manualClock(Date.now());
  const log = memoryLogger(clock);
  const db = openDb(settings.dataDir);
  const lifecycle = createLifecycle();
  const store = createRegistry({ db, settings, clock, log });
  const base = {
    settings,
    clock,
    log,
    db,
    pluginList: createInstalledListCache(
      db,
      registryFacts(() => store.catalog()),
    ),
    tasks: createTaskRegistry(),
    scheduler: createScheduler(log, clock),
    lifecycle,
    version: '0.1.0',
    supervisesDisplay: false,
    events: createEvents({ clock, log, size: settings.queue.eventBuffer }),
    config: createConfigService({ settings, clock, log }),
    http: createHttpClient(outboundOptions(settings, '0.1.0')),
    registry: store,
    display: createDisplayLink(log),
  };
  const deps = { ...base } as TestDeps;
  deps.health = createHealth(deps);
  // Deterministic retries (the full table delay); the runner task is registered but, like every task here, not started.
  deps.queue = createQueue(deps, { random: () => 0 });
  for (const e of [storeRefreshExecutor, storeRevalidateExecutor, githubEnrichExecutor]) deps.queue.register(e(deps));
  deps.queue.register(configureExecutor(deps.config));
  deps.tasks.add(createGuardedTask({ name: 'queue', run: (signal) => deps.queue.run(signal), clock, log }));
  // Runs and repairs are operations; `listen()` makes it react to the registry and to failed repairs.
  deps.reconciler = createReconciler(deps, deps);
  deps.registry.load();
  if (opts.background?.length) runInBackground(deps, opts.background);
  opened.push(deps);
  return deps;
}

/** The real application over `deps`, for `app.request()` tests. */
export async function testApp(deps: Deps = testDeps(), extraRouteDirs: string[] = []) {
  const table = await loadRouteTable([ROUTES_DIR, ...extraRouteDirs]);
  return { app: createApp(deps, table), deps };
}

/** JSON request helper: `json(app, 'POST', '/x', body)`. */
export function jsonInit(method: string, body?: unknown, headers: Record<string, string> = {}): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  };
}

afterEach(async () => {
  for (const d of opened.splice(0)) {
    await stopBackground(d);
    d.events.close();
    d.reconciler.close();
    d.scheduler.stop();
    await d.tasks.stopAll();
    await d.http.close();
    d.db.close();
  }
});
