import type { Settings } from '../hono.config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from './service/clock.ts';
import type { Lifecycle } from './service/lifecycle.ts';
import type { Logger } from './service/logger.ts';
import type { TaskRegistry } from './service/tasks.ts';
import type { Scheduler } from './service/scheduler.ts';
import type { Health } from './health/checks.ts';
import type { DisplayLink } from './display/web/link.ts';

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
  /** Marquee's own version (package.json). */
  version: string;
  /** Whether this process supervises the display process (false under `npm run display` or tests). */
  supervisesDisplay: boolean;
  /** The channel to the supervised display process (preview frames, what is on screen). */
  display: DisplayLink;
}
