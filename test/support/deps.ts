import path from 'node:path';
import { loadSettings, type Settings } from '../../hono.config.ts';
import { closeSteps, composeWebServices, queueRunner } from '../../core/app/compose.ts';
import { ROUTES_DIR } from '../../core/app/web.ts';
import { createApp } from '../../core/http/app.ts';
import { loadRouteTable } from '../../core/http/file-routes.ts';
import type { Services } from '../../core/http/services.ts';
import { manualClock } from '../../core/platform/clock.ts';
import { createPlatform } from '../../core/platform/index.ts';
import { memoryLogger } from '../../core/platform/log.ts';
import { createGuardedTask } from '../../core/platform/tasks/guarded.ts';
import { runInBackground, stopBackground } from './queue.ts';
import { tempDir } from './temp.ts';
import { afterEach } from 'vitest';

const opened: Services[] = [];

export type TestDeps = Services & { clock: ReturnType<typeof manualClock>; log: ReturnType<typeof memoryLogger> };

export interface TestDepsOptions {
  /** Register the plugin lifecycle kinds as the web process does (off: tests register kinds of their own). */
  lifecycleExecutors?: boolean;
  /**
   * Kinds run as soon as they are queued (`['store-refresh']`: as in the web process, where
   * registry refreshes have slots of their own); every other operation waits for `runOnce()`.
   */
  background?: readonly string[];
}

/**
 * The web process's services (core/app/compose.ts) on a fresh temp folder (SQLite file, config dir),
 * a manual clock and an in-memory log. Nothing is started: the queue's task is registered but not
 * run (tests call `deps.queue.runOnce()`, or `deps.tasks.startAll()`), and the reconciler runs
 * only when a test calls it.
 */
export function testDeps(overrides: Record<string, unknown> = {}, opts: TestDepsOptions = {}): TestDeps {
  const root = tempDir();
  const settings: Settings = loadSettings(
    {},
    {
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugin-repos'),
      'registry.builtinDir': path.join(root, 'builtin-plugins'),
      // Previews are drawn only when a test asks for them (they start plugin hosts).
      'registry.previewsInBackground': false,
      logLevel: 'debug',
      // Tests of authentication turn it on; everything else runs as with MARQUEE_AUTH=off.
      auth: 'off',
      ...overrides,
    },
  );
  const clock = manualClock(Date.now());
  const log = memoryLogger(clock);
  const base = createPlatform(settings, { clock, log, version: '0.1.0' });
  const services = composeWebServices(base, {
    supervisesDisplay: false,
    lifecycleExecutors: opts.lifecycleExecutors ?? false,
    // Deterministic retries: the full table delay.
    random: () => 0,
  });
  // Registered like the web process's, never started here: tests run the queue with `runOnce()`.
  services.tasks.add(createGuardedTask({ ...queueRunner(services.queue), clock, log }));
  const deps = { ...services, clock, log };
  if (opts.background?.length) runInBackground(deps, opts.background);
  opened.push(deps);
  return deps;
}

/** The real application over `deps`, for `app.request()` tests. */
export async function testApp(deps: Services = testDeps(), extraRouteDirs: string[] = []) {
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
    for (const step of closeSteps(d)) await step();
  }
});
