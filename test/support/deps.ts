import path from 'node:path';
import { loadSettings, type Settings } from '../../hono.config.ts';
import { openDb } from '../../db/client.ts';
import type { Deps } from '../../core/deps.ts';
import { createApp } from '../../core/http/app.ts';
import { createHealth } from '../../core/health/checks.ts';
import { createDisplayLink } from '../../core/display/web/link.ts';
import { loadRouteTable } from '../../core/http/file-routes.ts';
import { manualClock } from '../../core/service/clock.ts';
import { createLifecycle } from '../../core/service/lifecycle.ts';
import { memoryLogger } from '../../core/service/logger.ts';
import { createScheduler } from '../../core/service/scheduler.ts';
import { createTaskRegistry } from '../../core/service/tasks.ts';
import { ROUTES_DIR } from '../../core/service/web-process.ts';
import { tempDir } from './temp.ts';
import { afterEach } from 'vitest';

const opened: Deps[] = [];

export type TestDeps = Deps & { clock: ReturnType<typeof manualClock>; log: ReturnType<typeof memoryLogger> };

/** Real dependencies on a fresh temp folder (SQLite file, config dir), a manual clock and an in-memory log. */
export function testDeps(overrides: Record<string, unknown> = {}): TestDeps {
  const root = tempDir();
  const settings: Settings = loadSettings(
    {},
    {
      dataDir: path.join(root, 'data'),
      configDir: path.join(root, 'config'),
      pluginsDir: path.join(root, 'plugin-repos'),
      logLevel: 'debug',
      ...overrides,
    },
  );
  const clock = manualClock(Date.now());
  const log = memoryLogger(clock);
  const base = {
    settings,
    clock,
    log,
    db: openDb(settings.dataDir),
    tasks: createTaskRegistry(),
    scheduler: createScheduler(log),
    lifecycle: createLifecycle(),
    version: '0.1.0',
    supervisesDisplay: false,
    display: createDisplayLink(log),
  };
  const deps: TestDeps = { ...base, health: createHealth(base) };
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
    await d.scheduler.stop();
    await d.tasks.stopAll();
    d.db.close();
  }
});
