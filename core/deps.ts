import type { Settings } from '../hono.config.ts';
import type { Db } from '../db/client.ts';
import type { Clock } from './platform/clock.ts';
import type { Lifecycle } from './platform/lifecycle.ts';
import type { Logger } from './platform/log.ts';
import type { TaskRegistry } from './platform/tasks/registry.ts';
import type { Scheduler } from './platform/scheduler.ts';
import type { Health } from './health/checks.ts';
import type { Events } from './platform/events.ts';
import type { Queue } from './queue/types.ts';
import type { ConfigService } from './config/service.ts';
import type { HttpClient } from './platform/net/http-client.ts';
import type { Registry } from './registry/service.ts';
import type { InstalledListCache } from './plugins/state/installed-cache.ts';
import type { DisplayLink } from './display/web/link.ts';
import type { Reconciler } from './reconcile/service.ts';

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
  /** The event stream (`GET /api/v3/events`): `events.publish(type, data)`. */
  events: Events;
  /** The operation queue: every state-changing request is enqueued here (core/queue/types.ts). */
  queue: Queue;
  /** config/config.json + config_secrets.json: masked views, validated atomic saves, backups. */
  config: ConfigService;
  /** The only way out to the network (core/platform/net/http-client.ts). */
  http: HttpClient;
  /** Registry sources, caches and the merged plugin catalog. */
  registry: Registry;
  /** The installed-plugin list, cached until the database changes. */
  pluginList: InstalledListCache;
  /** Marquee's own version (package.json). */
  version: string;
  /** Whether this process supervises the display process (false under `npm run display` or tests). */
  supervisesDisplay: boolean;
  /** The channel to the supervised display process (preview frames, what is on screen). */
  display: DisplayLink;
  /** Brings plugins on disk, plugin_state and config in line (scheduled, never per request). */
  reconciler: Reconciler;
}
