import type { Settings } from '../hono.config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from './service/clock.ts';
import type { Lifecycle } from './service/lifecycle.ts';
import type { Logger } from './service/logger.ts';
import type { TaskRegistry } from './service/tasks.ts';
import type { Scheduler } from './service/scheduler.ts';
import type { Health } from './health/checks.ts';
import type { InstalledListCache } from './plugins/installed-cache.ts';

/** Everything a handler or core function may use, built once per process and passed in. */
export interface Deps {
  settings: Settings;
  clock: Clock;
  log: Logger;
  db: Db;
  tasks: TaskRegistry;
  scheduler: Scheduler;
  lifecycle: Lifecycle;
  health: Health;
  /** The installed-plugin list, cached until the database changes. */
  pluginList: InstalledListCache;
  /** Marquee's own version (package.json). */
  version: string;
  /** Whether this process supervises the display process (false under `npm run display` or tests). */
  supervisesDisplay: boolean;
}
