import type { Platform } from './platform/index.ts';
import type { Queue } from './queue/types.ts';
import type { ConfigService } from './config/service.ts';
import type { Registry } from './registry/service.ts';

/**
 * The services core/registry, core/reconcile and core/app/schedules.ts still receive as one object,
 * until their functions name what they read as every other room's do. Built by the web composition
 * (core/app/compose.ts) from the platform base and these three services; the architecture test lets
 * no other file import this type.
 */
export interface Deps extends Platform {
  /** The operation queue: every state-changing request is enqueued here (core/queue/types.ts). */
  queue: Queue;
  /** config/config.json + config_secrets.json: masked views, validated atomic saves, backups. */
  config: ConfigService;
  /** Registry sources, caches and the merged plugin catalog. */
  registry: Registry;
}
