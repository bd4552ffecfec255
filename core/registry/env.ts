/**
 * What the store's functions work with, named once: the platform parts they touch, the registry's
 * in-memory state, the queue (every refresh is an operation) and the config store (for its
 * secrets). Each function takes the slice it reads, `Pick<StoreEnv, 'registry' | 'queue'>`.
 */
import type { ConfigService } from '../config/service.ts';
import type { Platform } from '../platform/index.ts';
import type { Queue } from '../queue/types.ts';
import type { Registry } from './service.ts';

export interface StoreEnv extends Pick<Platform, 'settings' | 'clock' | 'log' | 'db' | 'http' | 'events'> {
  registry: Registry;
  queue: Queue;
  config: Pick<ConfigService, 'secret'>;
}
