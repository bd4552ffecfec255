/** What the reconciler works with: the platform parts it touches and the services it names. */
import type { ConfigService } from '../config/service.ts';
import type { Platform } from '../platform/index.ts';
import type { Queue } from '../queue/types.ts';
import type { Registry } from '../registry/service.ts';

/** The platform parts the reconciler reads and writes. */
export type ReconcileBase = Pick<Platform, 'settings' | 'clock' | 'log' | 'db' | 'events' | 'version'>;

/** The services it works with: config (desired), the registry (to repair from) and the queue (runs, repairs, saves). */
export interface ReconcileServices {
  queue: Queue;
  config: ConfigService;
  registry: Registry;
}

export type ReconcileEnv = ReconcileBase & ReconcileServices;
